"""The two ways a row's status is written, each with its event first (one transaction)."""

from __future__ import annotations

import sqlite3

from . import history
from .history import Event

# Statuses that only the person's own confirmation click may leave for active.
SUPPRESSED = ("unsubscribed", "bounced")
OPT_IN = ("pending", "active")
CONFIRM_CLICK = "confirm-click"


def change(connection: sqlite3.Connection, email: str, old: str, new: str, how: str, evidence: dict | None,
           now: str) -> Event:
    """An existing row's new status."""
    event = history.record(connection, email, old, new, how, evidence, now)
    connection.execute("UPDATE subscribers SET status = ?, changed_at = ? WHERE email = ?", (new, now, email))
    return event


def add(connection: sqlite3.Connection, email: str, name: str, status: str, source: str, how: str,
        evidence: dict | None, now: str, created_at: str = "") -> Event:
    """A new row."""
    event = history.record(connection, email, None, status, how, evidence, now)
    connection.execute(
        "INSERT INTO subscribers (email, name, status, source, created_at, changed_at) VALUES (?, ?, ?, ?, ?, ?)",
        (email, name, status, source, created_at or now, now))
    return event


def status_since(connection: sqlite3.Connection, email: str, fallback: str) -> str:
    """When the current status began: the newest event's time (a name edit does not move it)."""
    row = connection.execute("SELECT at FROM subscriber_events WHERE email = ? ORDER BY id DESC LIMIT 1",
                             (email,)).fetchone()
    return row[0] if row else fallback
