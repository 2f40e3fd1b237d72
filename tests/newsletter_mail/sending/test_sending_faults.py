"""No extra copies under faults: a real SMTP server on 127.0.0.1 that is slow, greylists, goes silent past
the sender's timeout, hangs up before its reply, or says "too many connections".

The timeouts here are short so that the tests are; the waits they cause are the
server's, so a loaded machine makes the tests slower, never wrong.
"""

import sqlite3
from contextlib import closing

import pytest
from sending_fixture import SendingSetup
from smtp_sink import SmtpSink

from service_voices.newsletter_mail.sending.sending import SendPolicy, SendStopped
from service_voices.newsletter_mail.sending.smtp import SmtpConfig
from service_voices.newsletter_mail.settings import DEFAULTS

pytestmark = pytest.mark.slow


def people(count):
    return [(f"reader{number:03d}@example.com", f"Reader {number}") for number in range(count)]


def each_once(sink, count):
    return sink.recipient_counts() == {email: 1 for email, _ in people(count)}


def test_default_timeouts_follow_rfc_5321():
    config = SmtpConfig.from_env({"SMTP_HOST": "smtp.example.net"})
    # 5 minutes for the replies to commands, 10 minutes for the reply after the final ".".
    assert (config.timeout, config.data_timeout) == (300, 600)
    assert (DEFAULTS["NEWSLETTER_SMTP_TIMEOUT"], DEFAULTS["NEWSLETTER_SMTP_DATA_TIMEOUT"]) == (300, 600)
    assert DEFAULTS["NEWSLETTER_SMTP_CONNECTIONS"] >= 8


def test_several_connections_share_the_queue_and_each_person_gets_one_copy(tmp_path):
    setup = SendingSetup(tmp_path, people(120), SendPolicy(connections=4))
    with SmtpSink() as sink:
        sink.slow(0.02)
        summary = setup.run(sink)
        assert each_once(sink, 120)
        assert sink.peak_connections == 4
    assert (summary.delivered, summary.connections, summary.uncertain) == (120, 4, 0)
    assert "over 4 connections" in summary.line() and "messages/s" in summary.line()
    assert setup.tally["delivered"] == 120


def test_a_server_slower_than_the_timeout_gets_no_second_copy_in_the_run(tmp_path):
    # The server keeps the 3rd and 4th messages but answers only after the sender gave up.
    setup = SendingSetup(tmp_path, people(10), SendPolicy(connections=2), timeout=5, data_timeout=0.5)
    with SmtpSink() as sink:
        sink.slow(0.01)
        sink.stall(3, count=2)
        first = setup.run(sink)
        assert each_once(sink, 10), sink.recipient_counts()
        assert (first.delivered, first.uncertain) == (8, 2)
        assert setup.tally["uncertain"] == 2 and setup.tally["queued"] == 0
        with closing(sqlite3.connect(setup.db)) as db:
            uncertain = {row[0] for row in db.execute(
                "SELECT email FROM deliveries WHERE state = 'uncertain' AND attempts = 1 AND doubts = 1")}
        assert len(uncertain) == 2
        # The rerun tries each of them once more, and then never again.
        second = setup.run(sink)
        third = setup.run(sink)
        counts = sink.recipient_counts()
    assert second.total == 2 and second.delivered == 2 and third.total == 0
    assert {email: counts[email] for email in uncertain} == dict.fromkeys(uncertain, 2)
    assert sum(counts.values()) == 12 and setup.tally["delivered"] == 10


def test_an_uncertain_message_is_tried_at_most_once_more(tmp_path):
    setup = SendingSetup(tmp_path, people(3), SendPolicy(connections=1), timeout=5, data_timeout=0.3)
    with SmtpSink() as sink:
        sink.stall(2, count=1)
        setup.run(sink)
        sink.stall(2, count=1)  # the retry of the same recipient goes unanswered too
        retry = setup.run(sink)
        last = setup.run(sink)
        counts = sink.recipient_counts()
    assert retry.total == 1 and retry.uncertain == 1
    assert last.total == 0 and setup.tally["uncertain"] == 1 and setup.tally["retryable"] == 0
    assert sorted(counts.values()) == [1, 1, 2]


def test_greylisting_gets_every_message_through_in_one_run(tmp_path):
    # 199 people, each address refused once with 451: before, 10 deferrals "in a row"
    # stopped the send; deferrals are not failures.
    setup = SendingSetup(tmp_path, people(199), SendPolicy(connections=4, retry_delays=(0.3, 1, 2)))
    with SmtpSink() as sink:
        sink.greylist()
        summary = setup.run(sink)
        assert each_once(sink, 199)
    assert (summary.delivered, summary.deferred, summary.failed) == (199, 199, 0)
    assert setup.tally["delivered"] == 199


def test_hanging_up_before_the_reply_on_one_of_several_connections(tmp_path):
    setup = SendingSetup(tmp_path, people(40), SendPolicy(connections=4))
    with SmtpSink() as sink:
        sink.slow(0.005)
        sink.drop_after(10, reply_first=False)
        summary = setup.run(sink)
        counts = sink.recipient_counts()
        assert (summary.delivered, summary.uncertain) == (39, 1)
        setup.run(sink)
        after_rerun = sink.recipient_counts()
    assert counts == {email: 1 for email, _ in people(40)}
    assert sorted(after_rerun.values()) == [1] * 39 + [2]


def test_too_many_connections_makes_the_sender_use_fewer(tmp_path):
    setup = SendingSetup(tmp_path, people(60), SendPolicy(connections=6, throttle_backoff=0.05))
    with SmtpSink() as sink:
        sink.slow(0.01)
        sink.max_connections(2)
        summary = setup.run(sink)
        assert each_once(sink, 60)
        assert sink.refused_connections >= 1
    assert summary.delivered == 60 and summary.throttled >= 1 and summary.failed == 0


def test_421_and_454_back_off_without_counting_as_failures(tmp_path):
    setup = SendingSetup(tmp_path, people(12), SendPolicy(connections=2, retry_delays=(0.1, 0.2),
                                                           max_failures_in_row=2, throttle_backoff=0.05))
    with SmtpSink() as sink:
        for number in (1, 2, 3):
            sink.refuse(f"reader{number:03d}@example.com", "421 4.7.0 Too busy, closing", times=1)
        for number in (4, 5, 6):
            sink.refuse(f"reader{number:03d}@example.com", "454 4.7.0 Temporary rate limit, slow down", times=1)
        summary = setup.run(sink)
        assert each_once(sink, 12)
    # Six "not now" replies in a row, with a stop rule of 2: not one counted as a failure.
    assert (summary.delivered, summary.deferred, summary.failed) == (12, 6, 0)
    assert summary.throttled >= 6


def test_a_database_that_stays_busy_stops_the_send_in_one_line_and_a_rerun_finishes(tmp_path):
    setup = SendingSetup(tmp_path, people(30), SendPolicy(connections=2))
    holder = sqlite3.connect(setup.db, isolation_level=None, check_same_thread=False)

    def lock_up(summary):
        if summary.delivered == 10 and not holder.in_transaction:
            holder.execute("BEGIN IMMEDIATE")  # another process writing, and not letting go

    with SmtpSink() as sink:
        sink.slow(0.01)
        with pytest.raises(SendStopped) as stopped:
            setup.run(sink, on_progress=lock_up, patience=0.5)
        assert "stayed busy for 0.5 s" in str(stopped.value) and "\n" not in str(stopped.value)
        holder.execute("ROLLBACK")
        holder.close()
        setup.run(sink)
        counts = sink.recipient_counts()
    # Each connection may have had one message accepted that could not be recorded.
    assert set(counts) == {email for email, _ in people(30)}
    assert sum(counts.values()) - 30 <= 2
    assert setup.tally["delivered"] == 30
