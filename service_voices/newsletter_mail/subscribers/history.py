"""The status history: one event for every change of a subscriber's status.

An event says who changed (the address), from what to what, when, how, and with
what evidence. ``how`` is one of:

- ``form``: a sign-up on the form (evidence: the form's origin and the client address)
- ``confirm-click``: the person pressed Confirm in their confirmation mail
- ``one-click``: an RFC 8058 one-click unsubscribe from a mailbox provider
- ``unsubscribe-page``: the Unsubscribe button on the service's page
- ``import:<file>:<line>``: a row of an imported file (evidence: the tool's opt-in data)
- ``bounce:<code>``: the mail server refused the address with that reply code
- ``complaint``: the person reported an issue as spam
- ``admin``: `invoke subscriber --status` (evidence: the reason given)
- ``before-history``: the status a database had when the history began
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass

from .schema import utc_now


@dataclass(frozen=True)
class Event:
    email: str
    old_status: str | None
    new_status: str
    at: str
    how: str
    evidence: dict

    def line(self) -> str:
        """One line for a person to read."""
        change = f"{self.old_status or 'new'} -> {self.new_status}"
        proof = ", ".join(f"{key}={value}" for key, value in self.evidence.items() if value not in ("", None))
        return f"{self.at}  {change:<26} {self.how}" + (f"  ({proof})" if proof else "")


def record(connection: sqlite3.Connection, email: str, old_status: str | None, new_status: str, how: str,
           evidence: dict | None = None, at: str | None = None) -> Event:
    """Write the event; the caller changes the row after, in the same transaction."""
    event = Event(email, old_status, new_status, at or utc_now(), how, dict(evidence or {}))
    connection.execute(
        "INSERT INTO subscriber_events (email, old_status, new_status, at, how, evidence) VALUES (?, ?, ?, ?, ?, ?)",
        (email, old_status, new_status, event.at, how, json.dumps(event.evidence, ensure_ascii=False,
                                                                  sort_keys=True)))
    return event


def _event(row) -> Event:
    try:
        evidence = json.loads(row["evidence"])
    except (TypeError, ValueError):
        evidence = {"unreadable": str(row["evidence"])}
    return Event(row["email"], row["old_status"], row["new_status"], row["at"], row["how"],
                 evidence if isinstance(evidence, dict) else {"value": evidence})


def events_of(connection: sqlite3.Connection, email: str) -> list[Event]:
    rows = connection.execute("SELECT * FROM subscriber_events WHERE email = ? ORDER BY id", (email,))
    return [_event(row) for row in rows]


def newest_events(connection: sqlite3.Connection, into: tuple[str, ...] = ()) -> dict[str, Event]:
    """Each address's newest event (only changes into the statuses ``into``, when given).

    Into pending or active, that is the consent on record; with no filter, how the
    current status came about.
    """
    where = f"WHERE new_status IN ({', '.join('?' * len(into))})" if into else ""
    rows = connection.execute(
        "SELECT e.* FROM subscriber_events e JOIN ("
        f"  SELECT MAX(id) AS id FROM subscriber_events {where} GROUP BY email"
        ") newest ON newest.id = e.id", into)
    return {row["email"]: _event(row) for row in rows}


def erase(connection: sqlite3.Connection, email: str) -> int:
    return connection.execute("DELETE FROM subscriber_events WHERE email = ?", (email,)).rowcount
