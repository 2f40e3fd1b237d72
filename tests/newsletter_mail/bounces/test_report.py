"""The issue report reads the ledger as it finds it, including states added to it later."""

import pytest
from bounce_support import make_list

from service_voices.newsletter_mail.bounces.model import COMPLAINT, HARD, SOFT, Outcome
from service_voices.newsletter_mail.bounces.outcomes import OutcomeBook
from service_voices.newsletter_mail.bounces.report import NoSuchIssue, build_report, format_report
from service_voices.newsletter_mail.subscribers.store import ImportRow, SubscriberStore, open_connection

# A ledger written by a newer sending, which knows a state this one does not.
NEWER_LEDGER = """
CREATE TABLE sends (issue TEXT PRIMARY KEY, subject TEXT NOT NULL DEFAULT '', started_at TEXT NOT NULL,
                    finished_at TEXT);
CREATE TABLE deliveries (issue TEXT NOT NULL, email TEXT NOT NULL COLLATE NOCASE, state TEXT NOT NULL,
                         attempts INTEGER NOT NULL DEFAULT 0, last_reply TEXT NOT NULL DEFAULT '',
                         changed_at TEXT NOT NULL, PRIMARY KEY (issue, email));
"""


def test_a_ledger_state_the_report_does_not_know_gets_its_own_line(tmp_path):
    db = tmp_path / "newsletter.db"
    SubscriberStore(db).import_rows([ImportRow(n, f"r{n}@example.com", "") for n in range(8)])
    connection = open_connection(db)
    connection.executescript(NEWER_LEDGER)
    connection.execute("INSERT INTO sends VALUES ('2026-11', 'November', '2026-11-22T08:00:00+00:00', NULL)")
    states = ["delivered"] * 5 + ["uncertain", "failed", "skipped"]
    for number, state in enumerate(states):
        connection.execute("INSERT INTO deliveries VALUES ('2026-11', ?, ?, ?, '', '2026-11-22T08:01:00+00:00')",
                           (f"r{number}@example.com", state, 2 if number == 0 else 1))
    connection.close()
    book = OutcomeBook(db)
    book.record(Outcome("r1@example.com", HARD, "5.1.1", "user unknown", "test", "e1", "2026-11"))
    book.record(Outcome("r2@example.com", SOFT, "4.2.2", "full", "test", "e2", "2026-11"))
    book.record(Outcome("r2@example.com", SOFT, "4.2.2", "full", "test", "e3", "2026-11"))
    book.record(Outcome("r3@example.com", COMPLAINT, "abuse", "", "test", "e4", "2026-11"))
    book.record(Outcome("r4@example.com", HARD, "5.1.1", "another issue", "test", "e5", "2026-10"))

    report = build_report(db, "2026-11", book)
    assert report.states == {"delivered": 5, "deferred": 0, "failed": 1, "skipped": 1, "queued": 0, "uncertain": 1}
    assert (report.hard_bounces, report.soft_bounces, report.complaints) == (1, 1, 1)
    assert report.rates["complaints"] == pytest.approx(1 / 5)
    text = "\n".join(format_report(report))
    assert "  uncertain            1   12.50%" in text
    assert "  delivered            5   62.50%  (1 after more than one try)" in text
    assert "(not finished)" in text


def test_unsubscribes_count_until_the_next_issue_and_leave_complaints_out(tmp_path):
    db = tmp_path / "newsletter.db"
    emails = [f"r{n}@example.com" for n in range(4)]
    store = make_list(db, emails, ["2026-10"])
    store.unsubscribe("r0@example.com")
    book = OutcomeBook(db)
    book.record(Outcome("r1@example.com", COMPLAINT, "abuse", "", "test", "c1", "2026-10"))
    make_list(db, [], ["2026-11"])
    # Stamped after the later issue started (the store only keeps the last change).
    connection = open_connection(db)
    connection.execute("UPDATE sends SET started_at = '2000-01-01T00:00:00+00:00' WHERE issue = '2026-10'")
    connection.execute("UPDATE sends SET started_at = '2100-01-01T00:00:00+00:00' WHERE issue = '2026-11'")
    connection.close()
    report = build_report(db, "2026-10", book)
    assert (report.unsubscribes, report.complaints) == (1, 1)
    assert build_report(db, "2026-11", book).unsubscribes == 0


def test_unknown_issue(tmp_path):
    book = OutcomeBook(tmp_path / "newsletter.db")
    with pytest.raises(NoSuchIssue):
        build_report(tmp_path / "newsletter.db", "1999-01", book)
