"""The send ledger: who is to receive an issue, and who already has.

It lives in the subscriber database. Starting a send freezes its recipients (the
active subscribers at that moment); a delivery is written only after the server has
answered 250 to the message, so a crash between the two costs at most one
duplicate and never a lost recipient. Rerunning a send resumes from the ledger.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from service_voices.newsletter_mail.subscribers.store import open_connection, transaction, utc_now

SCHEMA = """
CREATE TABLE IF NOT EXISTS sends (
    issue TEXT PRIMARY KEY,
    subject TEXT NOT NULL DEFAULT '',
    started_at TEXT NOT NULL,
    finished_at TEXT
);
CREATE TABLE IF NOT EXISTS deliveries (
    issue TEXT NOT NULL REFERENCES sends (issue),
    email TEXT NOT NULL COLLATE NOCASE,
    state TEXT NOT NULL DEFAULT 'queued'
        CHECK (state IN ('queued', 'deferred', 'delivered', 'failed', 'skipped')),
    attempts INTEGER NOT NULL DEFAULT 0,
    last_reply TEXT NOT NULL DEFAULT '',
    changed_at TEXT NOT NULL,
    PRIMARY KEY (issue, email)
) WITHOUT ROWID;
"""
OPEN_STATES = ("queued", "deferred")


@dataclass
class Pending:
    email: str
    name: str
    attempts: int


class SendLedger:
    """One long-lived connection for the sending loop (one process, one thread)."""

    def __init__(self, path: str | Path):
        self.connection = open_connection(path)
        # WAL with synchronous=NORMAL survives a killed process without an fsync per
        # delivery; only a power cut could lose the last few records.
        self.connection.execute("PRAGMA journal_mode = WAL")
        self.connection.execute("PRAGMA synchronous = NORMAL")
        self.connection.executescript(SCHEMA)

    def close(self) -> None:
        self.connection.close()

    def exists(self, issue: str) -> bool:
        return self.connection.execute("SELECT 1 FROM sends WHERE issue = ?", (issue,)).fetchone() is not None

    def start(self, issue: str, subject: str) -> bool:
        """Freeze the recipients of ``issue``; False when it was frozen before (a resume)."""
        with transaction(self.connection):
            if self.exists(issue):
                return False
            now = utc_now()
            self.connection.execute("INSERT INTO sends (issue, subject, started_at) VALUES (?, ?, ?)",
                                    (issue, subject, now))
            self.connection.execute(
                "INSERT INTO deliveries (issue, email, changed_at) "
                "SELECT ?, email, ? FROM subscribers WHERE status = 'active'", (issue, now))
            return True

    def pending(self, issue: str) -> list[Pending]:
        rows = self.connection.execute(
            "SELECT d.email, COALESCE(s.name, ''), d.attempts FROM deliveries d "
            "LEFT JOIN subscribers s ON s.email = d.email "
            "WHERE d.issue = ? AND d.state IN ('queued', 'deferred') ORDER BY d.email", (issue,))
        return [Pending(*row) for row in rows]

    def current_status(self, email: str) -> tuple[str | None, str]:
        """The subscriber's status and name right now (another process may have changed them)."""
        row = self.connection.execute("SELECT status, name FROM subscribers WHERE email = ?", (email,)).fetchone()
        return (row[0], row[1]) if row else (None, "")

    def _record(self, issue: str, email: str, state: str, attempts: int, reply: str) -> None:
        self.connection.execute(
            "UPDATE deliveries SET state = ?, attempts = ?, last_reply = ?, changed_at = ? "
            "WHERE issue = ? AND email = ?", (state, attempts, reply[:500], utc_now(), issue, email))

    def delivered(self, issue: str, email: str, attempts: int, reply: str) -> None:
        self._record(issue, email, "delivered", attempts, reply)

    def deferred(self, issue: str, email: str, attempts: int, reply: str) -> None:
        self._record(issue, email, "deferred", attempts, reply)

    def skipped(self, issue: str, email: str, reason: str) -> None:
        self._record(issue, email, "skipped", 0, reason)

    def failed(self, issue: str, email: str, attempts: int, reply: str, bounce: bool) -> None:
        with transaction(self.connection):
            self._record(issue, email, "failed", attempts, reply)
            if bounce:
                self.connection.execute(
                    "UPDATE subscribers SET status = 'bounced', changed_at = ? WHERE email = ?",
                    (utc_now(), email))

    def finish_if_done(self, issue: str) -> bool:
        if self.connection.execute("SELECT 1 FROM deliveries WHERE issue = ? AND state IN ('queued', 'deferred') "
                                   "LIMIT 1", (issue,)).fetchone():
            return False
        self.connection.execute("UPDATE sends SET finished_at = COALESCE(finished_at, ?) WHERE issue = ?",
                                (utc_now(), issue))
        return True

    def tally(self, issue: str) -> dict[str, int]:
        totals = dict.fromkeys(("queued", "deferred", "delivered", "failed", "skipped"), 0)
        for state, count in self.connection.execute(
                "SELECT state, COUNT(*) FROM deliveries WHERE issue = ? GROUP BY state", (issue,)):
            totals[state] = count
        return totals


