"""One issue's figures: what the send ledger knows, and what the mail said afterwards.

Delivery states come from the ledger as they are, so a state added to it later
(such as ``uncertain``) shows up as its own line instead of breaking the report.
Nothing here comes from a tracking pixel or a rewritten link: the newsletter has
neither, so opens and clicks are not known and not shown.
"""

from __future__ import annotations

import sqlite3
from dataclasses import asdict, dataclass, field
from pathlib import Path

from service_voices.newsletter_mail.subscribers.store import open_connection

from .model import COMPLAINT, HARD, SOFT
from .outcomes import OutcomeBook

KNOWN_STATES = ("delivered", "deferred", "failed", "skipped", "queued")
STATE_NOTES = {"deferred": "waiting for a retry", "failed": "refused when sent",
               "skipped": "unsubscribed or bounced before their turn", "queued": "not sent yet"}
COMPLAINT_LIMIT = 0.003  # Gmail's and Yahoo's rule for bulk senders since 2024
COMPLAINT_AIM = 0.001  # what Google asks senders to stay under


class NoSuchIssue(LookupError):
    """No send of this issue is recorded in the database."""


@dataclass
class IssueReport:
    issue: str
    subject: str
    started_at: str
    finished_at: str | None
    recipients: int
    states: dict[str, int]
    delivered_after_retry: int
    hard_bounces: int
    soft_bounces: int
    soft_limit_reached: int
    complaints: int
    unsubscribes: int
    rates: dict[str, float] = field(default_factory=dict)

    @property
    def delivered(self) -> int:
        return self.states.get("delivered", 0)

    def as_dict(self) -> dict:
        return {**asdict(self), "opens_and_clicks": "not tracked"}


def _rate(count: int, of: int) -> float:
    return count / of if of else 0.0


def build_report(db_path: str | Path, issue: str, book: OutcomeBook) -> IssueReport:
    connection = open_connection(db_path)
    try:
        try:
            send = connection.execute("SELECT subject, started_at, finished_at FROM sends WHERE issue = ?",
                                      (issue,)).fetchone()
        except sqlite3.OperationalError:
            send = None  # no send ledger at all yet
        if send is None:
            raise NoSuchIssue(issue)
        states = dict.fromkeys(KNOWN_STATES, 0)
        for state, count in connection.execute(
                "SELECT state, COUNT(*) FROM deliveries WHERE issue = ? GROUP BY state ORDER BY state", (issue,)):
            states[state] = count
        retried = connection.execute("SELECT COUNT(*) FROM deliveries WHERE issue = ? AND state = 'delivered' "
                                     "AND attempts > 1", (issue,)).fetchone()[0]
        unsubscribes = _unsubscribes_after(connection, issue, send["started_at"])
    finally:
        connection.close()
    figures = book.issue_figures(issue)
    recipients = sum(states.values())
    report = IssueReport(issue, send["subject"], send["started_at"], send["finished_at"], recipients, states,
                         retried, figures[HARD], figures[SOFT], figures["soft limit"], figures[COMPLAINT],
                         unsubscribes)
    report.rates = {state: _rate(count, recipients) for state, count in states.items()}
    report.rates.update({name: _rate(getattr(report, name), report.delivered)
                         for name in ("hard_bounces", "soft_bounces", "complaints", "unsubscribes")})
    return report


def _unsubscribes_after(connection: sqlite3.Connection, issue: str, started_at: str) -> int:
    """Recipients who got the issue and unsubscribed between it and the next one (complaints aside).

    The subscriber list keeps only the time of each address's last change, so this
    counts those whose last change was that unsubscribe.
    """
    following = connection.execute("SELECT MIN(started_at) FROM sends WHERE started_at > ?",
                                   (started_at,)).fetchone()[0]
    return connection.execute(
        "SELECT COUNT(*) FROM deliveries d JOIN subscribers s ON s.email = d.email "
        "WHERE d.issue = ? AND d.state = 'delivered' AND s.status = 'unsubscribed' AND s.changed_at >= ? "
        "AND (? IS NULL OR s.changed_at < ?) AND NOT EXISTS (SELECT 1 FROM mail_outcomes o WHERE o.email = d.email "
        "AND o.kind = 'complaint' AND o.result LIKE 'unsubscribed%')",
        (issue, started_at, following, following)).fetchone()[0]


def _percent(value: float) -> str:
    return f"{value * 100:.2f}%"


def format_report(report: IssueReport) -> list[str]:
    finished = f" to {report.finished_at}" if report.finished_at else " (not finished)"
    lines = [f"Issue {report.issue}: {report.subject}",
             f"Sent from {report.started_at}{finished} to {report.recipients} recipient(s).",
             "", f"Delivery (rates of {report.recipients} recipients)"]
    ordered = [state for state in KNOWN_STATES] + sorted(set(report.states) - set(KNOWN_STATES))
    for state in ordered:
        note = STATE_NOTES.get(state, "")
        if state == "delivered" and report.delivered_after_retry:
            note = f"{report.delivered_after_retry} after more than one try"
        lines.append(_row(state, report.states.get(state, 0), report.rates.get(state, 0.0), note))
    lines += ["", f"After delivery (rates of {report.delivered} delivered)",
              _row("bounced, hard", report.hard_bounces, report.rates["hard_bounces"], ""),
              _row("bounced, soft", report.soft_bounces, report.rates["soft_bounces"],
                   f"{report.soft_limit_reached} reached the soft-bounce limit" if report.soft_limit_reached else ""),
              _row("complaints", report.complaints, report.rates["complaints"], _complaint_note(report)),
              _row("unsubscribes", report.unsubscribes, report.rates["unsubscribes"], ""),
              "", "Opens and clicks are not tracked: the newsletter has no tracking pixel and no rewritten links."]
    return lines


def _complaint_note(report: IssueReport) -> str:
    rate = report.rates["complaints"]
    if rate >= COMPLAINT_LIMIT:
        return "AT OR ABOVE the 0.3% Gmail and Yahoo allow bulk senders"
    if rate >= COMPLAINT_AIM:
        return "above the 0.1% Google asks senders to stay under"
    return ""


def _row(name: str, count: int, rate: float, note: str) -> str:
    return f"  {name:<14} {count:>7}  {_percent(rate):>7}" + (f"  ({note})" if note else "")
