"""A real send through the SMTP sink, the mail that comes back afterwards, the report, and the next send."""

import json
import mailbox

import pytest
from bounce_support import (
    BOUNCE_ADDRESS,
    SECRET,
    SERVICE_URL,
    complaint_for,
    dsn_for,
    make_list,
    run_task,
    summary_counts,
)
from sending_fixture import live_site
from signup_support import running_service
from smtp_sink import SmtpSink

from service_voices.newsletter_mail.bounces.model import HARD
from service_voices.newsletter_mail.bounces.processing import message_key
from service_voices.newsletter_mail.bounces.reader import MailReader
from service_voices.newsletter_mail.bounces.verp import TokenIndex, sender_for
from service_voices.newsletter_mail.sending.message import MessageTemplate, Recipient
from service_voices.newsletter_mail.sending.personalise import Personaliser
from service_voices.newsletter_mail.sending.sending import envelope_sender
from service_voices.newsletter_mail.sending.smtp import SmtpConfig, SmtpConnection
from service_voices.newsletter_mail.subscribers.store import ImportRow, SubscriberStore

pytestmark = pytest.mark.slow

ISSUE, NEXT = "2026-11", "2026-12"

PEOPLE = {name: f"{name}@reader-mail.example" for name in ("ana", "bo", "cy", "dee", "eve", "fay")}


@pytest.fixture
def site(tmp_path):
    db = tmp_path / "newsletter.db"
    store = SubscriberStore(db)
    store.import_rows([ImportRow(number, email, name.title()) for number, (name, email) in enumerate(PEOPLE.items())])
    # A real send checks that the subscription service answers; it runs here on plain
    # http on loopback, hence the send's --allow-insecure-links.
    with running_service(tmp_path / "service", smtp_port=9, NEWSLETTER_DB=str(db)) as service:
        live = live_site(tmp_path / "site", service.url, (ISSUE, NEXT), NEWSLETTER_DB=str(db),
                         NEWSLETTER_BOUNCE_ADDRESS=BOUNCE_ADDRESS)
        yield {"db": db, "settings": live.settings, "mail": live.mail, "store": store, "tmp": tmp_path}


def task(site, name, *args, env=None):
    return run_task(name, *args, db=site["db"], settings=site["settings"], env=env)


def send(site, issue, env):
    return task(site, "send", issue, "--yes", "--allow-insecure-links", env=env)


def test_bounces_after_a_send_keep_the_next_send_from_those_addresses(site):
    with SmtpSink() as sink:
        sent = send(site, ISSUE, env=sink.env())
        assert sent.returncode == 0, sent.stderr
        assert sink.recipient_counts() == {email: 1 for email in PEOPLE.values()}

        # The relay accepted everything; afterwards the mail comes back, to the envelope
        # sender as VERP writes it around today's one.
        def came_back(name):
            [received] = [item for item in sink.received if PEOPLE[name] in item.recipients]
            return received.data, sender_for(BOUNCE_ADDRESS, SECRET, ISSUE, PEOPLE[name], received.sender)

        folder = site["tmp"] / "bounces"
        inbox = mailbox.Maildir(str(folder), create=True)
        data, return_path = came_back("ana")
        inbox.add(dsn_for(data, PEOPLE["ana"], return_path))
        data, return_path = came_back("bo")
        inbox.add(complaint_for(data, PEOPLE["bo"], return_path))
        data, return_path = came_back("cy")
        inbox.add(dsn_for(data, PEOPLE["cy"], return_path, action="delayed", status="4.2.2",
                          diagnostic="smtp; 452 4.2.2 Mailbox full"))
        site["store"].unsubscribe(PEOPLE["eve"])  # her own click on the unsubscribe link

        processed = task(site, "process-bounces", str(folder))
        assert processed.returncode == 0, processed.stderr
        figures = summary_counts(processed.stdout)
        assert (figures["hard bounces"], figures["complaints"], figures["soft bounces"]) == (1, 1, 1)
        assert figures["left unread"] == 0

        report = task(site, "newsletter-report", ISSUE)
        assert report.returncode == 0, report.stderr
        lines = report.stdout
        assert "to 6 recipient(s)" in lines
        assert "  delivered            6  100.00%" in lines
        assert "  bounced, hard        1   16.67%" in lines
        assert "  bounced, soft        1   16.67%" in lines
        assert "  complaints           1   16.67%  (AT OR ABOVE the 0.3% Gmail and Yahoo allow bulk senders)" in lines
        assert "  unsubscribes         1   16.67%" in lines
        assert "Opens and clicks are not tracked" in lines
        figures = json.loads(task(site, "newsletter-report", ISSUE, "--json").stdout)
        assert (figures["hard_bounces"], figures["soft_bounces"], figures["complaints"], figures["unsubscribes"]) == (
            1, 1, 1, 1)
        assert figures["states"]["delivered"] == 6 and figures["rates"]["complaints"] == pytest.approx(1 / 6)
        assert figures["opens_and_clicks"] == "not tracked"

        before = sink.count()
        following = send(site, NEXT, env=sink.env())
        assert following.returncode == 0, following.stderr
        got_next = {rcpt for item in sink.received[before:] for rcpt in item.recipients}
    # The hard bounce, the complaint and the unsubscribe are skipped; one soft bounce is not enough.
    assert got_next == {PEOPLE["cy"], PEOPLE["dee"], PEOPLE["fay"]}


def test_verp_envelope_sender_through_a_real_smtp_server(site):
    ana = PEOPLE["ana"]
    make_list(site["db"], [ana], [ISSUE])
    template = MessageTemplate((site["mail"] / ISSUE / "message.eml").read_bytes())
    personaliser = Personaliser(template, ISSUE, SERVICE_URL, SECRET)
    sender = sender_for(BOUNCE_ADDRESS, SECRET, ISSUE, ana, envelope_sender(personaliser))
    assert sender_for("", SECRET, ISSUE, ana, envelope_sender(personaliser)) == "newsletter@service-voices.example"
    with SmtpSink() as sink:
        connection = SmtpConnection(SmtpConfig(sink.host, sink.port, tls="none"))
        connection.open()
        try:
            reply = connection.send(sender, ana, personaliser.message_for(Recipient(ana, "Ana")))
        finally:
            connection.close()
        assert reply.accepted, reply
        [received] = sink.received
    assert received.sender == sender and sender.startswith("bounces+")
    # Ana's mailbox forwards to an address that no longer exists: the bounce names only
    # that address, and the envelope sender it came back to names Ana and the issue.
    bounce = dsn_for(received.data, "ana.lopez@old-employer.example", received.sender)
    reader = MailReader(BOUNCE_ADDRESS, SECRET, TokenIndex(site["db"], SECRET), {ISSUE})
    verdict = reader.read(bounce, message_key(bounce), "maildir")
    assert [(outcome.email, outcome.issue, outcome.kind) for outcome in verdict.outcomes] == [(ana, ISSUE, HARD)]
