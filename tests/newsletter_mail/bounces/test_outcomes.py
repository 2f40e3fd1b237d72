"""Outcomes on the subscriber: hard bounces, complaints, soft bounces across issues, repeats."""

import pytest
from bounce_support import make_list

from service_voices.newsletter_mail.bounces.model import COMPLAINT, HARD, SOFT, Outcome
from service_voices.newsletter_mail.bounces.outcomes import OutcomeBook

ISSUES = ["2026-06", "2026-07", "2026-08", "2026-09", "2026-10", "2026-11"]


def outcome(email, kind, key, issue="", code="", diagnostic="", source="test"):
    return Outcome(email, kind, code, diagnostic, source, key, issue)


@pytest.fixture
def book(tmp_path):
    db = tmp_path / "newsletter.db"
    make_list(db, ["ana@example.com", "bo@example.com", "cy@example.com", "dee@example.com"], ISSUES)
    return OutcomeBook(db, soft_limit=3, soft_issues=5)


def test_hard_bounce_marks_bounced_once_and_is_on_the_record(book):
    first = book.record(outcome("ana@example.com", HARD, "m1", "2026-11", "5.1.1", "550 5.1.1 User unknown",
                                "imap:dsn"))
    assert first.changed_to == "bounced" and not first.duplicate
    assert book.store.get("ana@example.com").status == "bounced"
    again = book.record(outcome("ana@example.com", HARD, "m1", "2026-11", "5.1.1"))
    assert again.duplicate and again.changed_to is None
    [line] = book.record_of("ANA@example.com")
    assert (line.kind, line.code, line.diagnostic, line.source, line.issue, line.result) == (
        HARD, "5.1.1", "550 5.1.1 User unknown", "imap:dsn", "2026-11", "marked bounced")


def test_complaint_unsubscribes_but_never_revives_or_overwrites(book):
    assert book.record(outcome("bo@example.com", COMPLAINT, "c1", code="abuse")).changed_to == "unsubscribed"
    assert book.store.get("bo@example.com").status == "unsubscribed"
    # A later hard bounce does not turn someone's own unsubscribe into a bounce.
    later = book.record(outcome("bo@example.com", HARD, "m2"))
    assert later.changed_to is None and later.result == "already unsubscribed"
    assert book.store.get("bo@example.com").status == "unsubscribed"
    assert [line.kind for line in book.record_of("bo@example.com")] == [COMPLAINT, HARD]


def test_unknown_address_is_recorded_and_changes_nobody(book):
    recorded = book.record(outcome("stranger@example.com", HARD, "m3"))
    assert not recorded.on_list and recorded.changed_to is None
    assert book.record_of("stranger@example.com")[0].result == "not on the list"


def test_soft_bounces_count_once_per_issue_and_bounce_at_the_limit(book):
    email = "cy@example.com"
    # Three soft bounces for one issue (delay warnings, then a give-up) are one issue.
    for key in ("s1", "s2", "s3"):
        assert book.record(outcome(email, SOFT, key, "2026-09", "4.2.2")).changed_to is None
    assert book.soft_bounce_issues(email) == 1
    assert book.record(outcome(email, SOFT, "s4", "2026-10")).changed_to is None
    assert book.store.get(email).status == "active"
    third = book.record(outcome(email, SOFT, "s5", "2026-11"))
    assert third.changed_to == "bounced" and "3 of the last 5 issues" in third.result
    assert book.store.get(email).status == "bounced"


def test_soft_bounces_outside_the_window_do_not_add_up(book):
    email = "dee@example.com"
    # 2026-06 is the sixth-latest issue: outside the window of the last five.
    book.record(outcome(email, SOFT, "old", "2026-06"))
    book.record(outcome(email, SOFT, "w1", "2026-10"))
    assert book.soft_bounce_issues(email) == 1
    book.record(outcome(email, SOFT, "w2", "2026-11"))
    assert book.store.get(email).status == "active"


def test_a_soft_bounce_without_an_issue_counts_for_the_latest_issue_sent(book):
    book.record(outcome("ana@example.com", SOFT, "n1"))
    assert book.record_of("ana@example.com")[0].issue == "2026-11"


def test_impossible_soft_settings_are_refused(tmp_path):
    with pytest.raises(ValueError, match="NEWSLETTER_SOFT_BOUNCE_LIMIT"):
        OutcomeBook(tmp_path / "n.db", soft_limit=4, soft_issues=3)


def test_an_event_recorded_but_not_applied_is_applied_when_it_comes_again(book):
    """A crash between writing the outcome and changing the status leaves the row without a result."""
    with book.connect() as connection:
        connection.execute("INSERT INTO mail_outcomes (event_key, email, issue, kind, received_at) "
                           "VALUES ('crashed', 'bo@example.com', '2026-11', 'hard', '2026-11-22T08:00:00+00:00')")
    assert book.store.get("bo@example.com").status == "active"
    redelivered = book.record(outcome("bo@example.com", HARD, "crashed", "2026-11"))
    assert redelivered.changed_to == "bounced" and not redelivered.duplicate
    assert len(book.record_of("bo@example.com")) == 1
