"""listmonk's subscriber export (Subscribers, Export).

Columns: ``uuid, email, name, attributes, status, created_at, updated_at``.
``status`` is the subscriber's own: ``enabled``, ``disabled`` or ``blocklisted``
(blocklisted people get no mail from any list, whatever their subscriptions say).
"""

from __future__ import annotations

from ..importing import ImportRow
from .common import Format, Header, Skip, evidence

STATUS_OF = {"enabled": "active", "blocklisted": "unsubscribed", "disabled": "unsubscribed"}


class Listmonk(Format):
    name = "listmonk"
    title = "listmonk subscriber export"
    required = (("email",), ("status",))

    def matches(self, header: Header) -> bool:
        return header.has("uuid", "email", "status", "attributes")

    def row(self, header: Header, cells: list[str], line: int, table_name: str) -> ImportRow | Skip:
        value = lambda column: header.value(cells, column)  # noqa: E731
        status = value("status").lower()
        if status not in STATUS_OF:
            return Skip(f"unknown listmonk status {status[:30]!r}")
        kept = evidence(self.name, tool_status=status, opted_in_at=value("created_at"))
        return ImportRow(line, value("email"), value("name"), status=STATUS_OF[status], evidence=kept)
