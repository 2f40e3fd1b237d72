"""Ghost's member export (Members, Export).

Columns: ``id, email, name, note, subscribed_to_emails, complimentary_plan,
stripe_customer_id, created_at, deleted_at, labels`` then ``tiers`` (``products`` in
older versions; newer ones add more). ``subscribed_to_emails`` false means the
member turned the newsletter off.
"""

from __future__ import annotations

from ..importing import ImportRow
from .common import Format, Header, Skip, evidence, yes_or_no


class Ghost(Format):
    name = "ghost"
    title = "Ghost member export"
    required = (("email",), ("subscribed_to_emails",))

    def matches(self, header: Header) -> bool:
        return header.has("email", "subscribed_to_emails")

    def row(self, header: Header, cells: list[str], line: int, table_name: str) -> ImportRow | Skip:
        value = lambda column: header.value(cells, column)  # noqa: E731
        if value("deleted_at"):
            return Skip(f"{value('email')} was deleted in Ghost")
        subscribed = yes_or_no(value("subscribed_to_emails"))
        if subscribed is None:
            return Skip(f"subscribed_to_emails is {value('subscribed_to_emails')[:20]!r}, neither true nor false")
        kept = evidence(self.name, tool_status="subscribed" if subscribed else "not subscribed to emails",
                        opted_in_at=value("created_at"), labels=value("labels"))
        return ImportRow(line, value("email"), value("name"), status="active" if subscribed else "unsubscribed",
                         evidence=kept)
