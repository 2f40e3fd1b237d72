"""Buttondown's subscriber export.

Columns as its subscriber object: ``email`` (``email_address`` in the 2024 API),
``subscriber_type`` (``type``), ``creation_date``, ``source``, ``ip_address``,
``unsubscription_date``, ``notes``, ``metadata``, ``tags``, ``referrer_url`` and the
``utm_*`` columns. The type says what the person receives.
"""

from __future__ import annotations

from ..importing import ImportRow
from .common import Format, Header, Skip, evidence

# Confirmed readers, paying or not, on a trial, a gift or a pause of their payment.
RECEIVING = {"regular", "premium", "trialed", "unpaid", "gifted", "churning", "churned", "past_due", "paused"}
STATUS_OF = {
    **dict.fromkeys(RECEIVING, "active"),
    "unactivated": "pending",   # never confirmed their address
    "unsubscribed": "unsubscribed",
    "complained": "unsubscribed",  # reported an issue as spam: the strongest opt-out
    "undeliverable": "bounced",
    "spammy": "unsubscribed",   # flagged as a fake sign-up: never to be mailed
    "disabled": "unsubscribed",
    "removed": "unsubscribed",
}


class Buttondown(Format):
    name = "buttondown"
    title = "Buttondown subscriber export"
    required = (("email", "email_address"), ("subscriber_type", "type"))

    def matches(self, header: Header) -> bool:
        return header.has("subscriber_type") or header.has("email_address", "type", "creation_date")

    def row(self, header: Header, cells: list[str], line: int, table_name: str) -> ImportRow | Skip:
        value = lambda column: header.value(cells, column)  # noqa: E731
        kind = value(header.first("subscriber_type", "type")).lower()
        if kind not in STATUS_OF:
            return Skip(f"unknown Buttondown subscriber_type {kind[:30]!r}")
        kept = evidence(self.name, tool_status=kind, opted_in_at=value("creation_date"), opt_in_ip=value("ip_address"),
                        signup_source=value("source"), unsubscribed_at=value("unsubscription_date"))
        return ImportRow(line, value(header.first("email", "email_address")), value("name"), status=STATUS_OF[kind],
                         evidence=kept)
