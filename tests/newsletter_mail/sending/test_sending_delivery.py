"""Sending to a real SMTP server (aiosmtpd) on 127.0.0.1."""

import base64
import re
import subprocess
from email.utils import parseaddr
from urllib.parse import parse_qs, urlsplit

import dkim
import pytest
from sending_fixture import SendingSetup
from smtp_sink import SmtpSink

from service_voices.newsletter_mail.sending.personalise import DkimSigner
from service_voices.newsletter_mail.sending.sending import SendPolicy, SendStopped
from service_voices.newsletter_mail.sending.smtp import SmtpConfig, SmtpConnection
from service_voices.newsletter_mail.subscribers.store import ImportRow
from service_voices.newsletter_mail.subscribers.tokens import read_token

FAST = SendPolicy(retry_delays=(0.05, 0.1), connect_backoff=0.01)
SERVICE = "https://subscribe.example.com"
SECRET = SendingSetup.secret


def Setup(tmp_path, people):
    return SendingSetup(tmp_path, people, policy=FAST)


@pytest.fixture(params=[True, False], ids=["pipelining", "lockstep"])
def pipelining(request):
    """Whether the server advertises PIPELINING; the sender takes a different path for each."""
    return request.param


PEOPLE = [(f"reader{n:02d}@example.com", f"Reader {n}") for n in range(30)] + [("noname@example.org", "")]


def test_every_active_subscriber_gets_exactly_one_correct_message(tmp_path, pipelining):
    setup = Setup(tmp_path, PEOPLE)
    setup.store.request_subscription("pending@example.com", "Pending", "form")
    setup.store.import_rows([ImportRow(1, "gone@example.com", "Gone")])
    setup.store.unsubscribe("gone@example.com")
    with SmtpSink(pipelining=pipelining) as sink:
        summary = setup.run(sink)
        counts = sink.recipient_counts()
        messages = {email: sink.messages_for(email) for email, _ in PEOPLE}
        raw = sink.received[0].data
    assert counts == {email: 1 for email, _ in PEOPLE}
    assert (summary.delivered, summary.failed, summary.skipped) == (len(PEOPLE), 0, 0)
    message_ids = set()
    for email, name in PEOPLE:
        (message,) = messages[email]
        assert parseaddr(message["To"])[1] == email
        assert message["Date"] and message["Subject"] == "Service Voices — November 2026"
        message_ids.add(message["Message-ID"])
        links = message["List-Unsubscribe"]
        https_link = links.split(",")[0].strip()[1:-1]
        assert links.endswith("<mailto:leave@service-voices.example?subject=unsubscribe>")
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        token = parse_qs(urlsplit(https_link).query)["token"][0]
        assert https_link.startswith(f"{SERVICE}/unsubscribe?token=")
        assert read_token(SECRET, token, "unsubscribe") == email
        text = message.get_body(("plain",)).get_content()
        html = message.get_body(("html",)).get_content()
        assert f"Hi {name or 'there'}," in text and f"Hi {name or 'there'}," in html
        assert https_link in text and f'href="{https_link}"' in html
    assert len(message_ids) == len(PEOPLE)
    # One unfolded header line, as mail clients need.
    assert b"\r\nList-Unsubscribe: <https://" in raw
    assert setup.tally["delivered"] == len(PEOPLE)


def test_resend_of_a_finished_issue_sends_nothing(tmp_path):
    setup = Setup(tmp_path, PEOPLE[:3])
    with SmtpSink() as sink:
        setup.run(sink)
        setup.store.import_rows([ImportRow(1, "late@example.com", "Late")])
        again = setup.run(sink)
        assert sink.count() == 3
    assert again.total == 0 and again.delivered_before == 3


def test_4xx_is_retried_then_given_up(tmp_path, pipelining):
    setup = Setup(tmp_path, PEOPLE[:5])
    with SmtpSink(pipelining=pipelining) as sink:
        sink.refuse("reader01@example.com", "451 4.3.0 Greylisted, try later", times=2)
        sink.refuse("reader02@example.com", "452 4.2.2 Mailbox full")
        summary = setup.run(sink)
        counts = sink.recipient_counts()
    assert counts["reader01@example.com"] == 1 and "reader02@example.com" not in counts
    assert (summary.delivered, summary.deferred, summary.failed) == (4, 4, 1)
    # A temporary problem never marks the address bounced.
    assert setup.store.get("reader02@example.com").status == "active"


def test_5xx_marks_the_address_bounced_and_the_send_goes_on(tmp_path, pipelining):
    setup = Setup(tmp_path, PEOPLE[:6])
    with SmtpSink(pipelining=pipelining) as sink:
        sink.refuse("reader03@example.com", "550 5.1.1 No such user")
        summary = setup.run(sink)
        assert sink.count() == 5
    assert (summary.delivered, summary.failed) == (5, 1)
    assert setup.store.get("reader03@example.com").status == "bounced"
    assert setup.tally["failed"] == 1


def test_lost_connection_reconnects_and_continues(tmp_path, pipelining):
    setup = Setup(tmp_path, PEOPLE[:12])
    with SmtpSink(pipelining=pipelining) as sink:
        sink.drop_after(4)
        summary = setup.run(sink)
        counts = sink.recipient_counts()
    assert counts == {email: 1 for email, _ in PEOPLE[:12]}
    assert summary.delivered == 12 and summary.reconnects == 1


def test_message_in_flight_when_the_connection_dies_is_uncertain_and_sent_again_once_on_rerun(tmp_path, pipelining):
    setup = Setup(tmp_path, PEOPLE[:8])
    with SmtpSink(pipelining=pipelining) as sink:
        sink.drop_after(3, reply_first=False)
        summary = setup.run(sink)
        # Not sent again in the same run: it may have arrived (here it did).
        assert sink.recipient_counts() == {email: 1 for email, _ in PEOPLE[:8]}
        assert (summary.delivered, summary.uncertain, summary.reconnects) == (7, 1, 1)
        assert setup.tally["uncertain"] == 1 and setup.tally["retryable"] == 1
        rerun = setup.run(sink)
        counts = sink.recipient_counts()
        third_run = setup.run(sink)
        assert sink.count() == 9
    assert summary.delivered + rerun.delivered == 8 and rerun.total == 1
    assert sorted(counts.values()) == [1] * 7 + [2]  # the third one, whose 250 never came
    assert third_run.total == 0 and setup.tally["delivered"] == 8


def test_unsubscribe_during_the_send_is_honoured(tmp_path):
    setup = Setup(tmp_path, PEOPLE[:10])

    def leave_midway(summary):
        if summary.delivered == 3:
            setup.store.unsubscribe("reader07@example.com")

    with SmtpSink() as sink:
        summary = setup.run(sink, on_progress=leave_midway)
        counts = sink.recipient_counts()
    assert "reader07@example.com" not in counts and len(counts) == 9
    assert summary.skipped == 1 and setup.tally["skipped"] == 1


def test_too_many_failures_in_a_row_stop_and_a_rerun_resumes(tmp_path):
    setup = Setup(tmp_path, PEOPLE[:10])
    with SmtpSink() as sink:
        for email, _ in PEOPLE[2:6]:
            sink.refuse(email, "550 5.7.1 Rejected")
        with pytest.raises(SendStopped, match="3 recipients in a row"):
            setup.run(sink, policy=SendPolicy(max_failures_in_row=3, retry_delays=()))
        assert sink.count() == 2 and setup.tally["queued"] == 5
        sink.refuse(PEOPLE[5][0], "250 ignored", times=0)
        summary = setup.run(sink)
        counts = sink.recipient_counts()
    assert summary.delivered == 5 and summary.delivered_before == 2
    assert set(counts) == {email for email, _ in PEOPLE[:2] + PEOPLE[5:10]}
    assert max(counts.values()) == 1


def test_unreachable_server_stops_with_a_clear_message(tmp_path):
    setup = Setup(tmp_path, PEOPLE[:2])
    with SmtpSink() as sink:
        pass  # started and stopped: nothing listens on its port any more
    with pytest.raises(SendStopped, match=r"could not connect to 127\.0\.0\.1:\d+ .* after 2 attempts"):
        setup.run(sink, policy=SendPolicy(connect_attempts=2, connect_backoff=0.01))
    assert setup.tally["queued"] == 2


def test_dkim_signature_covers_both_unsubscribe_headers(tmp_path):
    key_file = tmp_path / "dkim.pem"
    subprocess.run(["openssl", "genrsa", "-out", str(key_file), "2048"], check=True, capture_output=True)
    public = subprocess.run(["openssl", "rsa", "-in", str(key_file), "-pubout", "-outform", "DER"],
                            check=True, capture_output=True).stdout
    record = b"v=DKIM1; k=rsa; p=" + base64.b64encode(public)
    setup = Setup(tmp_path, PEOPLE[:2])
    signer = DkimSigner("news", "service-voices.example", key_file.read_bytes())
    with SmtpSink() as sink:
        setup.run(sink, signer=signer)
        data = sink.received[0].data

    def dns(name, timeout=5):
        assert name == b"news._domainkey.service-voices.example."
        return record

    assert dkim.verify(data, dnsfunc=dns)
    header = data.split(b"\r\nTo:")[0].decode().replace("\r\n", "")
    signed = re.search(r"\bh=([^;]+)", header).group(1).replace(" ", "").lower().split(":")
    assert "list-unsubscribe" in signed and "list-unsubscribe-post" in signed


def test_421_closes_the_connection_and_the_recipient_is_retried(tmp_path, pipelining):
    setup = Setup(tmp_path, PEOPLE[:6])
    with SmtpSink(pipelining=pipelining) as sink:
        sink.refuse("reader02@example.com", "421 4.7.0 Too busy, closing", times=1)
        summary = setup.run(sink)
        counts = sink.recipient_counts()
    assert counts == {email: 1 for email, _ in PEOPLE[:6]}
    assert (summary.delivered, summary.deferred, summary.failed) == (6, 1, 0)


def test_lines_starting_with_a_dot_arrive_intact(pipelining):
    data = (b"From: a@example.com\r\nTo: b@example.com\r\nSubject: dots\r\n\r\n"
            b".starts with a dot\r\n..two dots\r\n.\r\nend\r\n")
    with SmtpSink(pipelining=pipelining) as sink:
        connection = SmtpConnection(SmtpConfig(sink.host, sink.port, tls="none", timeout=5))
        connection.open()
        assert connection.send("a@example.com", "b@example.com", data).accepted
        connection.close()
        received = sink.received[0].data
    assert received.replace(b"\r\n", b"\n").rstrip(b"\n") == data.replace(b"\r\n", b"\n").rstrip(b"\n")
