"""Mailchimp's audience export: a zip of CSVs, one per kind of contact.

``subscribed_members_export_<id>.csv``, ``unsubscribed_members_export_<id>.csv`` and
``cleaned_members_export_<id>.csv`` (and, in newer exports,
``nonsubscribed_members_export_<id>.csv`` for contacts who never subscribed). Each
has ``Email Address``, the merge fields (``First Name``, ``Last Name``, ...), then
``MEMBER_RATING, OPTIN_TIME, OPTIN_IP, CONFIRM_TIME, CONFIRM_IP, LATITUDE,
LONGITUDE, GMTOFF, DSTOFF, TIMEZONE, CC, REGION, LAST_CHANGED, LEID, EUID, NOTES``
(and ``TAGS``). The unsubscribed file adds ``UNSUB_TIME, UNSUB_CAMPAIGN_TITLE,
UNSUB_CAMPAIGN_ID, UNSUB_REASON, UNSUB_REASON_OTHER``; the cleaned file (addresses
that bounced hard) adds ``CLEAN_TIME, CLEAN_CAMPAIGN_TITLE, CLEAN_CAMPAIGN_ID``.
"""

from __future__ import annotations

from ..importing import ImportRow
from .common import Format, Header, evidence

# Columns only Mailchimp writes; one of them tells its export from a plain list.
MARKERS = ("MEMBER_RATING", "OPTIN_TIME", "LEID", "EUID")


class Mailchimp(Format):
    name = "mailchimp"
    title = "Mailchimp audience export"
    required = (("Email Address", "Email"),)

    def matches(self, header: Header) -> bool:
        return bool(header.first("Email Address", "Email")) and any(header.has(marker) for marker in MARKERS)

    def opts_out(self, header: Header, table_name: str) -> bool:
        return header.has("UNSUB_TIME") or header.has("CLEAN_TIME")

    def skip_table(self, header: Header, table_name: str) -> str:
        if "nonsubscribed" in table_name.lower() and not self.opts_out(header, table_name):
            return "contacts who never subscribed in Mailchimp (no consent to mail them)"
        return ""

    def row(self, header: Header, cells: list[str], line: int, table_name: str) -> ImportRow:
        value = lambda column: header.value(cells, column)  # noqa: E731
        if header.has("CLEAN_TIME"):
            status, kind = "bounced", "cleaned"
        elif header.has("UNSUB_TIME"):
            status, kind = "unsubscribed", "unsubscribed"
        else:
            status, kind = "active", "subscribed"
        name = " ".join(part for part in (value("First Name"), value("Last Name")) if part) or value("Name")
        kept = evidence(self.name, tool_status=kind, opted_in_at=value("OPTIN_TIME"), opt_in_ip=value("OPTIN_IP"),
                        confirmed_at=value("CONFIRM_TIME"), confirm_ip=value("CONFIRM_IP"),
                        unsubscribed_at=value("UNSUB_TIME"), unsubscribe_reason=value("UNSUB_REASON"),
                        cleaned_at=value("CLEAN_TIME"))
        return ImportRow(line, value(header.first("Email Address", "Email")), name, status=status, evidence=kept)
