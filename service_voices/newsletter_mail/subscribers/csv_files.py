"""Reading subscriber CSV files for import and writing them for export.

An import file has the columns ``email`` and ``name`` (any others are ignored). A
header row is recognised by an ``email`` column and may put the columns in any
order; without one, the first column is the address and the second the name.
Line numbers in reports are the file's own, counted from 1, so a person can find
the row in a spreadsheet or an editor.
"""

from __future__ import annotations

import csv
from pathlib import Path

from .store import ImportReport, ImportRow, Subscriber

EXPORT_COLUMNS = ("email", "name", "status", "source", "created_at", "changed_at")


def read_import_rows(path: str | Path, report: ImportReport) -> list[ImportRow]:
    """The rows worth importing; blank rows are counted as skipped in ``report``."""
    rows: list[ImportRow] = []
    with open(path, newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle)
        email_at, name_at = 0, 1
        looked_for_header = False
        line = 1
        for record in reader:
            # A quoted cell may span lines; the record starts where the last one ended.
            this_line, line = line, reader.line_num + 1
            cells = [cell.strip() for cell in record]
            if not any(cells):
                report.skip(this_line, "blank row")
                continue
            if not looked_for_header:
                looked_for_header = True
                lowered = [cell.lower() for cell in cells]
                if "email" in lowered:
                    email_at = lowered.index("email")
                    name_at = lowered.index("name") if "name" in lowered else None
                    continue
            email = cells[email_at] if email_at < len(cells) else ""
            name = cells[name_at] if name_at is not None and name_at < len(cells) else ""
            if not email:
                report.skip(this_line, "no email address")
                continue
            rows.append(ImportRow(this_line, email, name))
    return rows


def write_export(path: str | Path, subscribers: list[Subscriber]) -> int:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(EXPORT_COLUMNS)
        for subscriber in subscribers:
            writer.writerow([getattr(subscriber, column) for column in EXPORT_COLUMNS])
    return len(subscribers)
