"""Each kind of bounce mail, as servers write it, read into the outcome it stands for."""

import pytest
from bounce_support import BOUNCE_ADDRESS, SECRET, make_list, sample

from service_voices.newsletter_mail.bounces.model import COMPLAINT, HARD, SOFT, status_code
from service_voices.newsletter_mail.bounces.processing import message_key
from service_voices.newsletter_mail.bounces.reader import AUTO_REPLY, BOUNCE, IGNORED, UNPARSEABLE, MailReader
from service_voices.newsletter_mail.bounces.verp import TokenIndex

ISSUE = "2026-11"
ANA = "ana@reader-mail.example"


@pytest.fixture
def reader(tmp_path):
    db = tmp_path / "newsletter.db"
    make_list(db, [ANA, "bo@reader-mail.example"], ["2026-10", ISSUE])
    return MailReader(BOUNCE_ADDRESS, SECRET, TokenIndex(db, SECRET), {"2026-10", ISSUE})


def read(reader, raw: bytes):
    return reader.read(raw, message_key(raw), "maildir")


@pytest.mark.parametrize(("name", "kind", "code"), [
    ("dsn-postfix-failed.eml", HARD, "5.1.1"),
    ("dsn-gmail-style.eml", HARD, "5.1.1"),
    ("dsn-outlook-style.eml", HARD, "5.1.10"),
    ("dsn-delayed.eml", SOFT, "4.2.2"),
    ("text-exim.eml", HARD, "5.1.1"),
    ("text-yahoo-style.eml", HARD, "554"),
    ("text-exim-delay.eml", SOFT, "4.2.2"),
])
def test_bounces_name_recipient_issue_and_class(reader, name, kind, code):
    verdict = read(reader, sample(name, ANA, ISSUE))
    assert verdict.kind == BOUNCE, verdict.reason
    [outcome] = verdict.outcomes
    assert (outcome.email, outcome.kind, outcome.code, outcome.issue) == (ANA, kind, code, ISSUE)
    assert code in outcome.diagnostic
    assert outcome.source.startswith("maildir:")


@pytest.mark.parametrize("name", ["dsn-postfix-failed.eml", "text-exim.eml", "text-yahoo-style.eml",
                                  "dsn-gmail-style.eml"])
def test_without_verp_the_report_itself_names_the_recipient(tmp_path, name):
    db = tmp_path / "newsletter.db"
    make_list(db, [ANA], [ISSUE])
    plain = MailReader("", "", None, {ISSUE})
    raw = sample(name, ANA, ISSUE, verp="newsletter@service-voices.example")
    verdict = plain.read(raw, message_key(raw), "mbox")
    assert verdict.kind == BOUNCE, verdict.reason
    assert [(outcome.email, outcome.kind) for outcome in verdict.outcomes] == [(ANA, HARD)]
    # The issue is still known from the Message-ID the sender wrote.
    assert verdict.outcomes[0].issue == ISSUE


def test_verp_wins_over_the_forwarded_address_in_the_report(reader):
    raw = sample("dsn-forwarded.eml", ANA, ISSUE, other="ana.lopez@old-employer.example")
    [outcome] = read(reader, raw).outcomes
    assert outcome.email == ANA and outcome.kind == HARD and outcome.issue == ISSUE

    # The same report without our token can only blame the address it names.
    plain = MailReader(BOUNCE_ADDRESS, SECRET, None, set())
    [named] = plain.read(raw, message_key(raw), "maildir").outcomes
    assert named.email == "ana.lopez@old-employer.example"


def test_verp_token_case_changed_by_a_server_still_reads(reader):
    raw = sample("dsn-postfix-failed.eml", ANA, ISSUE)
    shouting = raw.replace(b"bounces+", b"BOUNCES+").upper().replace(ANA.upper().encode(), b"SOMEONE@ELSE.EXAMPLE")
    verdict = read(reader, shouting)
    assert [(outcome.email, outcome.issue) for outcome in verdict.outcomes] == [(ANA, ISSUE)]


def test_a_forged_token_names_nobody(reader):
    raw = sample("text-unknown-shape.eml", verp="bounces+aaaaaaaaaaaaaaaa@service-voices.example")
    verdict = read(reader, raw)
    assert verdict.kind == UNPARSEABLE


def test_a_bounce_known_only_by_its_verp_token(reader):
    """A gateway's own wording names no address; the token says who, the text says how."""
    verdict = read(reader, sample("text-unknown-shape.eml", ANA, ISSUE))
    [outcome] = verdict.outcomes
    assert (outcome.email, outcome.issue) == (ANA, ISSUE)
    assert outcome.kind == HARD  # "account disabled"


@pytest.mark.parametrize("name", ["arf-abuse.eml", "arf-redacted.eml"])
def test_complaints(reader, name):
    verdict = read(reader, sample(name, ANA, ISSUE))
    assert verdict.kind == COMPLAINT, verdict.reason
    [outcome] = verdict.outcomes
    assert (outcome.email, outcome.kind, outcome.code, outcome.issue) == (ANA, COMPLAINT, "abuse", ISSUE)
    assert outcome.source == "maildir:arf"


def test_redacted_complaint_without_our_tokens_blames_only_what_it_shows(tmp_path):
    """Without the secret the unsubscribe link proves nothing, so the redacted To is all there is."""
    raw = sample("arf-redacted.eml", ANA, ISSUE)
    verdict = MailReader("", "", None, set()).read(raw, message_key(raw), "imap")
    assert [(outcome.email, outcome.kind) for outcome in verdict.outcomes] == [("redacted@bigmail.example", COMPLAINT)]
    stripped = raw.replace(b"To: redacted@bigmail.example\n", b"")
    verdict = MailReader("", "", None, set()).read(stripped, message_key(stripped), "imap")
    assert verdict.kind == UNPARSEABLE and "names no recipient" in verdict.reason


@pytest.mark.parametrize(("name", "kind"), [
    ("autoreply-rfc3834.eml", AUTO_REPLY),
    ("autoreply-outlook.eml", AUTO_REPLY),
    ("dsn-relayed.eml", IGNORED),
    ("arf-not-spam.eml", IGNORED),
    ("human-reply.eml", UNPARSEABLE),
])
def test_not_bounces(reader, name, kind):
    verdict = read(reader, sample(name, ANA, ISSUE))
    assert verdict.kind == kind, verdict.reason
    assert verdict.outcomes == []


def test_status_codes_in_text():
    assert status_code("host 10.5.1.1 said: 550 5.1.1 <a@b>: User unknown") == "5.1.1"
    assert status_code("554: delivery error: dd no account") == "554"
    assert status_code("on 2026-11-22 at 10.4.7.1") == ""
    assert status_code("Remote server returned '452 4.2.2 Mailbox full'") == "4.2.2"
