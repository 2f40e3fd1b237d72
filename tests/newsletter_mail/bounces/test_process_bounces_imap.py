"""`invoke process-bounces INBOX --imap` against a real Dovecot on 127.0.0.1, over TLS."""

import pytest
from bounce_support import (
    AFTER_MAILBOX,
    MAILBOX_PEOPLE,
    bounce_mailbox,
    make_list,
    run_task,
    settings_file,
    summary_counts,
)
from dovecot_server import dovecot_server

pytestmark = pytest.mark.slow

ISSUE = "2026-11"


@pytest.fixture(scope="module")
def imap():
    with dovecot_server() as server:
        yield server


@pytest.fixture
def site(tmp_path):
    settings = settings_file(tmp_path / "settings.py", NEWSLETTER_BOUNCE_PROCESSED_FOLDER="Bounces done")
    db = tmp_path / "newsletter.db"
    store = make_list(db, list(MAILBOX_PEOPLE.values()), ["2026-10", ISSUE])
    return {"db": db, "settings": settings, "store": store}


def process(site, imap, folder="INBOX", **env):
    return run_task("process-bounces", folder, "--imap", db=site["db"], settings=site["settings"],
                    env={**imap.env(), **env})


def test_imap_mailbox_processed_once_and_moved(site, imap):
    for raw in bounce_mailbox(ISSUE):
        imap.append(raw)
    done = process(site, imap)
    assert done.returncode == 0, done.stderr
    figures = summary_counts(done.stdout)
    assert (figures["hard bounces"], figures["soft bounces"], figures["complaints"]) == (3, 1, 1)
    assert (figures["automatic replies"], figures["other reports"], figures["left unread"]) == (1, 1, 1)
    assert "left: UID " in done.stdout and "IMAP folder INBOX on 127.0.0.1" in done.stdout
    assert {name: site["store"].get(email).status for name, email in MAILBOX_PEOPLE.items()} == AFTER_MAILBOX

    [(flags, left)] = imap.messages("INBOX")
    assert b"Loved the piece" in left and b"\\Seen" not in flags  # read with PEEK: still unread for a person
    assert len(imap.messages("Bounces done")) == 7

    again = process(site, imap)
    assert again.returncode == 0, again.stderr
    figures = summary_counts(again.stdout)
    assert figures["left unread"] == 1
    assert sum(figures[name] for name in ("hard bounces", "soft bounces", "complaints", "automatic replies")) == 0
    assert len(imap.messages("Bounces done")) == 7


def test_imap_refusals_are_one_line(site, imap):
    wrong = process(site, imap, IMAP_PASSWORD="not-the-password")
    assert wrong.returncode == 2 and "refused the login of IMAP_USER" in wrong.stderr
    untrusted = process(site, imap, SSL_CERT_FILE="/dev/null")
    assert untrusted.returncode == 2 and "cannot connect to 127.0.0.1" in untrusted.stderr
    assert "CERTIFICATE_VERIFY_FAILED" in untrusted.stderr
    clear = process(site, imap, IMAP_TLS="none")
    assert clear.returncode == 2 and "IMAP_TLS is 'none'" in clear.stderr
    nowhere = process(site, imap, folder="No such folder")
    assert nowhere.returncode != 0 and "No such folder" in nowhere.stderr
    for done in (wrong, untrusted, clear, nowhere):
        assert "Traceback" not in done.stderr
        assert len(done.stderr.strip().splitlines()) == 1
