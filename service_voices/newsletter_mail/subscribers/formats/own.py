"""This project's own export (export.py), and the older export without consent columns.

Statuses come back exactly as they were; so do the source and the date each person
joined. The consent on record travels in the evidence of the import event.
"""

from __future__ import annotations

import json

from service_voices.names import clean_name

from ..export import FORMAT_MARK, LEGACY_COLUMNS, restore
from ..importing import ImportRow
from .common import EVIDENCE_MAX_LENGTH, Format, Header, Skip


class OwnExport(Format):
    name = "service-voices"
    title = "Service Voices export"
    required = (("email",), ("status",))

    def matches(self, header: Header) -> bool:
        legacy = tuple(cell.lower() for cell in header.cells) == LEGACY_COLUMNS
        return legacy or header.has("email", "status", "format")

    def row(self, header: Header, cells: list[str], line: int, table_name: str) -> ImportRow | Skip:
        cells = [restore(cell) for cell in cells]
        value = lambda column: header.value(cells, column)  # noqa: E731
        if header.has("format") and value("format") != FORMAT_MARK:
            return Skip(f"its format column says {value('format')[:40]!r}, not {FORMAT_MARK!r}")
        status = value("status").lower()
        earlier = _json_object(value("consent_evidence")) if value("consent_evidence") else {}
        if isinstance(earlier, dict) and earlier.get("tool") == self.name:
            # Restored before: that record already holds the original consent, so
            # backups of backups do not nest it ever deeper.
            kept = {**earlier, "exported_status": status}
        else:
            kept = {"tool": self.name, "exported_status": status}
            for column in ("consent_at", "consent_how", "status_how"):
                if value(column):
                    kept[column] = clean_name(value(column), limit=EVIDENCE_MAX_LENGTH)
            if earlier:
                kept["consent_evidence"] = earlier
        return ImportRow(line, value("email"), value("name"), status=status, evidence=kept,
                         source=clean_name(value("source"), limit=EVIDENCE_MAX_LENGTH),
                         created_at=clean_name(value("created_at"), limit=40))


def _json_object(text: str) -> dict | str:
    try:
        parsed = json.loads(text)
    except ValueError:
        return clean_name(text, limit=EVIDENCE_MAX_LENGTH)
    return parsed if isinstance(parsed, dict) else clean_name(text, limit=EVIDENCE_MAX_LENGTH)
