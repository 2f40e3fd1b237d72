"""The export: every subscriber with status, consent evidence and a format marker.

It is this project's backup format: `invoke import-subscribers` recognises it by its
``format`` column and restores each person's status exactly (formats/own.py).
Cells a spreadsheet would run as a formula are written with a leading ``'``, as
OWASP recommends for CSV, and that quote is taken off again on import.
"""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

from .addresses import FORMULA_STARTS
from .history import Event
from .store import Subscriber

FORMAT_MARK = "service-voices-subscribers/2"
LEGACY_COLUMNS = ("email", "name", "status", "source", "created_at", "changed_at")
EXPORT_COLUMNS = (*LEGACY_COLUMNS, "consent_at", "consent_how", "consent_evidence", "status_how", "format")


def _quoted_formula(cell: str) -> bool:
    return cell.startswith("'") and cell[1:].startswith(FORMULA_STARTS)


def neutralise(cell: str) -> str:
    """A quote before a formula (and before an already quoted one, so ``restore`` is exact)."""
    return f"'{cell}" if cell.startswith(FORMULA_STARTS) or _quoted_formula(cell) else cell


def restore(cell: str) -> str:
    """The cell as it was before ``neutralise``."""
    return cell[1:] if _quoted_formula(cell) else cell


def export_row(subscriber: Subscriber, consent: Event | None, latest: Event | None) -> list[str]:
    cells = [subscriber.email, subscriber.name, subscriber.status, subscriber.source, subscriber.created_at,
             subscriber.changed_at,
             consent.at if consent else "", consent.how if consent else "",
             json.dumps(consent.evidence, ensure_ascii=False, sort_keys=True) if consent else "",
             latest.how if latest else "", FORMAT_MARK]
    return [neutralise(cell) for cell in cells]


def write_export(path: str | Path, subscribers: list[Subscriber],
                 consent: dict[str, tuple[Event | None, Event | None]] | None = None) -> int:
    """Write the export (readable by its owner only: it is personal data); the count written."""
    consent = consent or {}
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with open(descriptor, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(EXPORT_COLUMNS)
        for subscriber in subscribers:
            writer.writerow(export_row(subscriber, *consent.get(subscriber.email, (None, None))))
    return len(subscribers)
