"""Substack's subscriber export (the ``email_list.<publication>.csv`` of its export zip).

Columns: ``email, active_subscription, expiry, plan, email_disabled, created_at,
first_payment_at`` (older exports lack ``plan`` and ``first_payment_at``; some add
``name``). ``email_disabled`` true means the reader turned the newsletter off;
``active_subscription`` is about paying, not about mail. Substack leaves people who
asked to be deleted as ``...@deletion-request.substack.com``.
"""

from __future__ import annotations

from ..importing import ImportRow
from .common import Format, Header, Skip, evidence, yes_or_no

DELETED_DOMAIN = "@deletion-request.substack.com"


class Substack(Format):
    name = "substack"
    title = "Substack subscriber export"
    required = (("email",), ("email_disabled",))

    def matches(self, header: Header) -> bool:
        return header.has("email") and (header.has("email_disabled") or header.has("active_subscription"))

    def row(self, header: Header, cells: list[str], line: int, table_name: str) -> ImportRow | Skip:
        value = lambda column: header.value(cells, column)  # noqa: E731
        email = value("email")
        if email.lower().endswith(DELETED_DOMAIN):
            return Skip(f"{email} is a Substack deletion request")
        disabled = yes_or_no(value("email_disabled"))
        if disabled is None:
            return Skip(f"email_disabled is {value('email_disabled')[:20]!r}, neither true nor false")
        kept = evidence(self.name, tool_status="email disabled" if disabled else "receiving email",
                        opted_in_at=value("created_at"), plan=value("plan"),
                        paid=value("active_subscription"))
        return ImportRow(line, email, value("name"), status="unsubscribed" if disabled else "active", evidence=kept)
