"""Waiting out a busy subscriber database, and saying so in one line when it stays busy.

SQLite lets one writer at a time. The subscription service, an import or another
tool may hold the write lock for a moment; each statement already waits
``BUSY_TIMEOUT_MS`` for it. The sender's writes matter more than most (a delivery
not recorded is a copy on the next run), so they keep trying for longer before the
send stops with a sentence instead of a traceback.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from typing import TypeVar

# How long the sender keeps trying one write before it gives up and stops.
PATIENCE_SECONDS = 120.0

T = TypeVar("T")


class DatabaseBusy(Exception):
    """The database stayed locked by another process; the message says for how long."""


def is_busy(error: sqlite3.OperationalError) -> bool:
    text = str(error).lower()
    return "locked" in text or "busy" in text


def patiently(work: Callable[[], T], where: object, patience: float = PATIENCE_SECONDS) -> T:
    """Run ``work``, again and again while the database is busy, for up to ``patience`` seconds."""
    deadline = time.monotonic() + patience
    while True:
        try:
            return work()
        except sqlite3.OperationalError as error:
            if not is_busy(error):
                raise
            if time.monotonic() >= deadline:
                raise DatabaseBusy(f"the subscriber database {where} stayed busy for {patience:g} s "
                                   "(another process is writing to it, perhaps an import)") from None
            time.sleep(0.05)
