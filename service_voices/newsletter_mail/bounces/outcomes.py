"""Bounces and complaints recorded on the subscriber, and the list protected by them.

This is the one place that changes a subscriber's status for a bounce or a complaint,
through the subscriber store (``_mark_bounced`` and ``_unsubscribe`` below), each change
an event in the subscriber's history (``bounce:<code>`` or ``complaint``, with the
diagnostic and source as evidence). Every outcome is also kept, with its code,
diagnostic and source, in ``mail_outcomes`` in the same database: the subscriber's
record of what the mail said, the soft-bounce counts, and the figures of ``invoke
newsletter-report``. Processed bounce mail is remembered in ``bounce_mail_processed`` so
that a message read twice (a crash before it was moved, a copy in two folders) counts
once.

What each outcome does:
- hard bounce: an active or pending address becomes ``bounced``;
- complaint: an active or pending address becomes ``unsubscribed``;
- soft bounce: counted once per issue; soft bounces in NEWSLETTER_SOFT_BOUNCE_LIMIT
  different issues among the last NEWSLETTER_SOFT_BOUNCE_ISSUES sent to the address
  make it ``bounced``.
An address already unsubscribed or bounced keeps its status (a bounce does not
overwrite someone's own unsubscribe), and the outcome is still recorded.
"""

from __future__ import annotations

import sqlite3
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path

from service_voices.newsletter_mail.subscribers.schema import connected
from service_voices.newsletter_mail.subscribers.store import SubscriberStore, transaction, utc_now

from .model import COMPLAINT, HARD, SOFT, Outcome

SCHEMA = """
CREATE TABLE IF NOT EXISTS mail_outcomes (
    id INTEGER PRIMARY KEY,
    event_key TEXT NOT NULL UNIQUE,
    email TEXT NOT NULL COLLATE NOCASE,
    issue TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL CHECK (kind IN ('hard', 'soft', 'complaint')),
    code TEXT NOT NULL DEFAULT '',
    diagnostic TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL DEFAULT '',
    received_at TEXT NOT NULL,
    result TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS mail_outcomes_by_email ON mail_outcomes (email, kind);
CREATE INDEX IF NOT EXISTS mail_outcomes_by_issue ON mail_outcomes (issue, kind);
CREATE TABLE IF NOT EXISTS bounce_mail_processed (
    message_key TEXT PRIMARY KEY,
    verdict TEXT NOT NULL,
    processed_at TEXT NOT NULL
) WITHOUT ROWID;
"""

MAILABLE = ("active", "pending")


@dataclass(frozen=True)
class Recorded:
    """What recording one outcome did."""
    kind: str
    result: str
    changed_to: str | None = None  # the subscriber's new status, when it changed
    duplicate: bool = False
    on_list: bool = True


@dataclass(frozen=True)
class RecordLine:
    """One outcome as kept on the subscriber's record."""
    received_at: str
    kind: str
    code: str
    diagnostic: str
    source: str
    issue: str
    result: str


class OutcomeBook:
    def __init__(self, db_path: str | Path, soft_limit: int = 3, soft_issues: int = 5):
        if soft_limit < 1 or soft_issues < soft_limit:
            raise ValueError(f"soft bounces: a limit of {soft_limit} in {soft_issues} issues cannot be reached; "
                             "NEWSLETTER_SOFT_BOUNCE_LIMIT must be at least 1 and at most "
                             "NEWSLETTER_SOFT_BOUNCE_ISSUES")
        self.db_path = Path(db_path)
        self.store = SubscriberStore(self.db_path)
        self.soft_limit = soft_limit
        self.soft_issues = soft_issues
        with self.connect() as connection:
            connection.executescript(SCHEMA)

    def connect(self) -> AbstractContextManager[sqlite3.Connection]:
        return connected(self.db_path)

    # The two status changes, each an event in the subscriber's history with the
    # code, the diagnostic and where the report came from as evidence.
    @staticmethod
    def _evidence(outcome: Outcome) -> dict:
        return {"code": outcome.code, "diagnostic": outcome.diagnostic, "source": outcome.source,
                "issue": outcome.issue}

    def _mark_bounced(self, email: str, outcome: Outcome) -> bool:
        return self.store.mark_bounced(email, outcome.code, self._evidence(outcome))

    def _unsubscribe(self, email: str, outcome: Outcome) -> bool:
        return self.store.unsubscribe(email, "complaint", self._evidence(outcome))

    def record(self, outcome: Outcome) -> Recorded:
        """Record ``outcome`` once and apply it; a repeat of its event_key changes nothing."""
        email = outcome.email.strip().lower()
        issue = outcome.issue or self._latest_issue_of(email)
        with self.connect() as connection, transaction(connection):
            row = connection.execute("SELECT result FROM mail_outcomes WHERE event_key = ?",
                                     (outcome.event_key,)).fetchone()
            if row is not None and row[0]:
                return Recorded(outcome.kind, row[0], duplicate=True)
            if row is None:
                connection.execute(
                    "INSERT INTO mail_outcomes (event_key, email, issue, kind, code, diagnostic, source, received_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (outcome.event_key, email, issue, outcome.kind, outcome.code, outcome.diagnostic, outcome.source,
                     utc_now()))
        # Applied after the row is written and marked done only once applied: a crash
        # in between leaves the row without a result, and the next delivery of the
        # same event applies it then.
        recorded = self._apply(email, outcome)
        with self.connect() as connection:
            connection.execute("UPDATE mail_outcomes SET result = ? WHERE event_key = ?",
                               (recorded.result, outcome.event_key))
        return recorded

    def _apply(self, email: str, outcome: Outcome) -> Recorded:
        subscriber = self.store.get(email)
        if subscriber is None:
            return Recorded(outcome.kind, "not on the list", on_list=False)
        status = subscriber.status
        if outcome.kind == SOFT:
            count = self.soft_bounce_issues(email)
            if count < self.soft_limit or status not in MAILABLE:
                kept = "" if status in MAILABLE else f"; already {status}"
                return Recorded(SOFT, f"soft bounce: {count} of the last {self.soft_issues} issues "
                                      f"(limit {self.soft_limit}){kept}")
            self._mark_bounced(email, outcome)
            return Recorded(SOFT, f"marked bounced: soft bounces in {count} of the last {self.soft_issues} issues",
                            changed_to="bounced")
        if status not in MAILABLE:
            return Recorded(outcome.kind, f"already {status}")
        if outcome.kind == HARD:
            self._mark_bounced(email, outcome)
            return Recorded(HARD, "marked bounced", changed_to="bounced")
        if outcome.kind == COMPLAINT:
            self._unsubscribe(email, outcome)
            return Recorded(COMPLAINT, "unsubscribed (complaint)", changed_to="unsubscribed")
        raise ValueError(f"unknown outcome kind {outcome.kind!r}")

    def _ledger_rows(self, sql: str, params: tuple) -> list[tuple]:
        with self.connect() as connection:
            try:
                return [tuple(row) for row in connection.execute(sql, params)]
            except sqlite3.OperationalError:
                return []  # no send has run on this database yet: no ledger tables

    def sent_issues(self) -> set[str]:
        """Every issue the send ledger knows."""
        return {row[0] for row in self._ledger_rows("SELECT issue FROM sends", ())}

    def _latest_issue_of(self, email: str) -> str:
        rows = self._recent_issues_of(email, 1)
        return rows[0] if rows else ""

    def _recent_issues_of(self, email: str, count: int) -> list[str]:
        """The last ``count`` issues the address was sent (or due to be sent), newest first."""
        return [row[0] for row in self._ledger_rows(
            "SELECT d.issue FROM deliveries d JOIN sends s ON s.issue = d.issue "
            "WHERE d.email = ? AND d.state != 'skipped' ORDER BY s.started_at DESC, d.issue DESC LIMIT ?",
            (email, count))]

    def soft_bounce_issues(self, email: str) -> int:
        """In how many of the address's last NEWSLETTER_SOFT_BOUNCE_ISSUES issues it soft-bounced."""
        window = self._recent_issues_of(email, self.soft_issues)
        with self.connect() as connection:
            rows = connection.execute(
                "SELECT issue, MAX(received_at) AS last FROM mail_outcomes WHERE email = ? AND kind = 'soft' "
                "GROUP BY issue ORDER BY last DESC", (email,)).fetchall()
        bounced_in = [row[0] for row in rows]
        if not window:
            # Without a ledger (sent by other means), the address's own latest soft issues.
            return len(bounced_in[:self.soft_issues])
        return len(set(bounced_in) & set(window))

    def record_of(self, email: str) -> list[RecordLine]:
        with self.connect() as connection:
            rows = connection.execute(
                "SELECT received_at, kind, code, diagnostic, source, issue, result FROM mail_outcomes "
                "WHERE email = ? ORDER BY received_at, id", (email.strip().lower(),)).fetchall()
        return [RecordLine(*row) for row in rows]

    def issue_figures(self, issue: str) -> dict[str, int]:
        """Distinct addresses per outcome for one issue; a soft bounce later made hard counts as both."""
        figures = {HARD: 0, SOFT: 0, COMPLAINT: 0, "soft limit": 0}
        with self.connect() as connection:
            for kind, count in connection.execute(
                    "SELECT kind, COUNT(DISTINCT email) FROM mail_outcomes WHERE issue = ? GROUP BY kind", (issue,)):
                figures[kind] = count
            figures["soft limit"] = connection.execute(
                "SELECT COUNT(DISTINCT email) FROM mail_outcomes WHERE issue = ? AND kind = 'soft' "
                "AND result LIKE 'marked bounced%'", (issue,)).fetchone()[0]
        return figures

    def was_processed(self, message_key: str) -> bool:
        with self.connect() as connection:
            return connection.execute("SELECT 1 FROM bounce_mail_processed WHERE message_key = ?",
                                      (message_key,)).fetchone() is not None

    def mark_processed(self, message_key: str, verdict: str) -> None:
        with self.connect() as connection:
            connection.execute("INSERT OR IGNORE INTO bounce_mail_processed (message_key, verdict, processed_at) "
                               "VALUES (?, ?, ?)", (message_key, verdict, utc_now()))
