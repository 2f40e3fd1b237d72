"""The send ledger: who is to receive an issue, and who already has.

It lives in the subscriber database. Starting a send freezes its recipients (the
active subscribers at that moment); a delivery is written only after the server has
answered 250 to the message, so a crash between the two costs at most one
duplicate and never a lost recipient. Rerunning a send resumes from the ledger.

A message whose final "." went out but whose reply never came is ``uncertain``: it
may have arrived. It is not sent again in the same run; the next run tries it once
more (``doubts`` counts the unanswered attempts), and after a second unanswered
attempt it is left as it is.
"""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path

from service_voices.newsletter_mail.subscribers.schema import BUSY_TIMEOUT_MS, transaction, utc_now

from .busy import PATIENCE_SECONDS, patiently

SENDS_TABLE = """
CREATE TABLE IF NOT EXISTS sends (
    issue TEXT PRIMARY KEY,
    subject TEXT NOT NULL DEFAULT '',
    started_at TEXT NOT NULL,
    finished_at TEXT
)"""
DELIVERIES_TABLE = """
CREATE TABLE IF NOT EXISTS deliveries (
    issue TEXT NOT NULL REFERENCES sends (issue),
    email TEXT NOT NULL COLLATE NOCASE,
    state TEXT NOT NULL DEFAULT 'queued'
        CHECK (state IN ('queued', 'deferred', 'delivered', 'failed', 'skipped', 'uncertain')),
    attempts INTEGER NOT NULL DEFAULT 0,
    last_reply TEXT NOT NULL DEFAULT '',
    changed_at TEXT NOT NULL,
    doubts INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (issue, email)
) WITHOUT ROWID"""
STATES = ("queued", "deferred", "delivered", "failed", "skipped", "uncertain")
# Recipients a run still has to try: never tried or deferred, or uncertain once.
TO_TRY = "(state IN ('queued', 'deferred') OR (state = 'uncertain' AND doubts < 2))"


@dataclass
class Pending:
    email: str
    name: str
    attempts: int
    doubts: int = 0


def _connect(path: str | Path, patience: float) -> sqlite3.Connection:
    # One connection for all of a send's threads; the ledger's lock gives them turns.
    wait_ms = int(min(BUSY_TIMEOUT_MS, patience * 1000))
    connection = sqlite3.connect(str(path), timeout=wait_ms / 1000, isolation_level=None, check_same_thread=False)
    connection.execute(f"PRAGMA busy_timeout = {wait_ms}")
    return connection


def _upgrade(connection: sqlite3.Connection) -> None:
    """Give a ledger made before the uncertain state its new table, keeping every row."""
    found = connection.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'deliveries'").fetchone()
    if found is None or "uncertain" in found[0]:
        return
    with transaction(connection):
        connection.execute("ALTER TABLE deliveries RENAME TO deliveries_before_upgrade")
        connection.execute(DELIVERIES_TABLE)
        columns = "issue, email, state, attempts, last_reply, changed_at"
        connection.execute(f"INSERT INTO deliveries ({columns}) SELECT {columns} FROM deliveries_before_upgrade")
        connection.execute("DROP TABLE deliveries_before_upgrade")


class SendLedger:
    """The ledger of one database, safe to use from the sending threads of one process."""

    def __init__(self, path: str | Path, patience: float = PATIENCE_SECONDS):
        self.path = Path(path)
        self.patience = patience
        self._lock = threading.RLock()
        self.connection = _connect(path, patience)
        # WAL with synchronous=NORMAL survives a killed process without an fsync per
        # delivery; only a power cut could lose the last few records.
        self._do(lambda db: db.execute("PRAGMA journal_mode = WAL"))
        self.connection.execute("PRAGMA synchronous = NORMAL")
        self._do(lambda db: (db.execute(SENDS_TABLE), db.execute(DELIVERIES_TABLE), _upgrade(db)))

    def _do(self, work):
        """Run ``work(connection)`` in turn with the other threads, waiting out a busy database."""
        def attempt():
            with self._lock:
                return work(self.connection)
        return patiently(attempt, self.path, self.patience)

    def close(self) -> None:
        self.connection.close()

    def exists(self, issue: str) -> bool:
        return self._do(lambda db: db.execute("SELECT 1 FROM sends WHERE issue = ?", (issue,)).fetchone()) is not None

    def start(self, issue: str, subject: str) -> bool:
        """Freeze the recipients of ``issue``; False when it was frozen before (a resume)."""
        def freeze(db):
            with transaction(db):
                if db.execute("SELECT 1 FROM sends WHERE issue = ?", (issue,)).fetchone():
                    return False
                now = utc_now()
                db.execute("INSERT INTO sends (issue, subject, started_at) VALUES (?, ?, ?)", (issue, subject, now))
                db.execute("INSERT INTO deliveries (issue, email, changed_at) "
                           "SELECT ?, email, ? FROM subscribers WHERE status = 'active'", (issue, now))
                return True
        return self._do(freeze)

    def pending(self, issue: str) -> list[Pending]:
        rows = self._do(lambda db: db.execute(
            "SELECT d.email, COALESCE(s.name, ''), d.attempts, d.doubts FROM deliveries d "
            f"LEFT JOIN subscribers s ON s.email = d.email WHERE d.issue = ? AND {TO_TRY} ORDER BY d.email",
            (issue,)).fetchall())
        return [Pending(*row) for row in rows]

    def current_status(self, email: str) -> tuple[str | None, str]:
        """The subscriber's status and name right now (another process may have changed them)."""
        row = self._do(lambda db: db.execute("SELECT status, name FROM subscribers WHERE email = ?",
                                             (email,)).fetchone())
        return (row[0], row[1]) if row else (None, "")

    def _record(self, issue: str, email: str, state: str, attempts: int, reply: str, doubt: int = 0) -> None:
        self._do(lambda db: db.execute(
            "UPDATE deliveries SET state = ?, attempts = ?, last_reply = ?, changed_at = ?, doubts = doubts + ? "
            "WHERE issue = ? AND email = ?", (state, attempts, reply[:500], utc_now(), doubt, issue, email)))

    def delivered(self, issue: str, email: str, attempts: int, reply: str) -> None:
        self._record(issue, email, "delivered", attempts, reply)

    def deferred(self, issue: str, email: str, attempts: int, reply: str) -> None:
        self._record(issue, email, "deferred", attempts, reply)

    def uncertain(self, issue: str, email: str, attempts: int, reason: str) -> None:
        self._record(issue, email, "uncertain", attempts, reason, doubt=1)

    def skipped(self, issue: str, email: str, reason: str) -> None:
        self._record(issue, email, "skipped", 0, reason)

    def failed(self, issue: str, email: str, attempts: int, reply: str, bounce: bool) -> None:
        def fail(db):
            with transaction(db):
                db.execute("UPDATE deliveries SET state = 'failed', attempts = ?, last_reply = ?, changed_at = ? "
                           "WHERE issue = ? AND email = ?", (attempts, reply[:500], utc_now(), issue, email))
                if bounce:
                    db.execute("UPDATE subscribers SET status = 'bounced', changed_at = ? WHERE email = ?",
                               (utc_now(), email))
        self._do(fail)

    def finish_if_done(self, issue: str) -> bool:
        def finish(db):
            if db.execute(f"SELECT 1 FROM deliveries WHERE issue = ? AND {TO_TRY} LIMIT 1", (issue,)).fetchone():
                return False
            db.execute("UPDATE sends SET finished_at = COALESCE(finished_at, ?) WHERE issue = ?", (utc_now(), issue))
            return True
        return self._do(finish)

    def tally(self, issue: str) -> dict[str, int]:
        """Recipients by state; ``retryable`` counts the uncertain ones a rerun will try once more."""
        totals = dict.fromkeys(STATES, 0)
        rows = self._do(lambda db: db.execute(
            "SELECT state, doubts < 2, COUNT(*) FROM deliveries WHERE issue = ? GROUP BY state, doubts < 2",
            (issue,)).fetchall())
        totals["retryable"] = 0
        for state, retryable, count in rows:
            totals[state] += count
            if state == "uncertain" and retryable:
                totals["retryable"] += count
        return totals
