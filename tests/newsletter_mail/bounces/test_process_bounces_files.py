"""`invoke process-bounces` on a Maildir and an mbox, run as a user runs it, twice."""

import mailbox
import os
import re
import subprocess
import sys

import pytest
from bounce_support import BOUNCE_ADDRESS, SECRET, make_list, sample
from support import ROOT, write

pytestmark = pytest.mark.slow

ISSUE = "2026-11"
PEOPLE = {
    "ana": "ana@reader-mail.example",    # hard bounce, RFC 3464 report (Postfix)
    "bo": "bo@gmail-like.example",       # hard bounce, Gmail-style report
    "cy": "cy@reader-mail.example",      # complaint, ARF
    "dee": "dee@busy-mail.example",      # soft bounce, delay report
    "eve": "eve@reader-mail.example",    # out of office
    "fay": "fay@yahoo-like.example",     # hard bounce, plain text only
}


def mail_for_the_bounce_mailbox() -> list[bytes]:
    return [
        sample("dsn-postfix-failed.eml", PEOPLE["ana"], ISSUE),
        sample("dsn-gmail-style.eml", PEOPLE["bo"], ISSUE),
        sample("arf-abuse.eml", PEOPLE["cy"], ISSUE),
        sample("dsn-delayed.eml", PEOPLE["dee"], ISSUE),
        sample("autoreply-rfc3834.eml", PEOPLE["eve"], ISSUE),
        sample("text-yahoo-style.eml", PEOPLE["fay"], ISSUE),
        sample("dsn-relayed.eml", PEOPLE["eve"], ISSUE),
        sample("human-reply.eml", PEOPLE["eve"], ISSUE),
    ]


@pytest.fixture
def site(tmp_path):
    settings = write(tmp_path / "settings.py", f"""
        NEWSLETTER_SERVICE_URL = "https://subscribe.service-voices.example"
        NEWSLETTER_BOUNCE_ADDRESS = "{BOUNCE_ADDRESS}"
        """)
    db = tmp_path / "newsletter.db"
    store = make_list(db, list(PEOPLE.values()), ["2026-10", ISSUE])
    return {"db": db, "settings": settings, "tmp": tmp_path, "store": store}


def process_bounces(site, *args, env=None):
    environ = {**os.environ, "NEWSLETTER_SECRET": SECRET, **(env or {})}
    command = [sys.executable, "-m", "invoke", "process-bounces", *args, "--db", str(site["db"]),
               "--settings", str(site["settings"])]
    return subprocess.run(command, cwd=ROOT, env=environ, capture_output=True, text=True, timeout=120,
                          stdin=subprocess.DEVNULL)


def counts(stdout: str) -> dict[str, int]:
    return {name: int(number) for name, number in re.findall(r"^  (\S.*?)\s{2,}(\d+)  \(", stdout, re.MULTILINE)}


def statuses(site) -> dict[str, str]:
    return {name: site["store"].get(email).status for name, email in PEOPLE.items()}


def assert_first_run(site, done):
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    figures = counts(done.stdout)
    assert figures["hard bounces"] == 3 and figures["soft bounces"] == 1 and figures["complaints"] == 1
    assert figures["automatic replies"] == 1 and figures["other reports"] == 1 and figures["left unread"] == 1
    assert "8 message(s)" in done.stdout
    assert re.search(r"left: .*subject 'Re: Service Voices — November 2026': not a bounce", done.stdout)
    assert statuses(site) == {"ana": "bounced", "bo": "bounced", "cy": "unsubscribed", "dee": "active",
                              "eve": "active", "fay": "bounced"}


def assert_nothing_counted_twice(site, done, already=0):
    assert done.returncode == 0, done.stderr
    figures = counts(done.stdout)
    assert figures["left unread"] == 1 and figures["already processed"] == already
    assert sum(figures[name] for name in ("hard bounces", "soft bounces", "complaints", "automatic replies",
                                          "other reports")) == 0


def test_maildir_twice(site):
    folder = site["tmp"] / "bounces"
    inbox = mailbox.Maildir(str(folder), create=True)
    for raw in mail_for_the_bounce_mailbox():
        inbox.add(raw)
    done = process_bounces(site, str(folder))
    assert_first_run(site, done)
    assert f"Maildir {folder}" in done.stdout

    left = sorted(os.listdir(folder / "new")) + sorted(os.listdir(folder / "cur"))
    assert len(left) == 1 and b"Loved the piece" in (folder / "new" / left[0]).read_bytes()
    moved = sorted(os.listdir(folder / ".Processed" / "cur"))
    assert len(moved) == 7 and all(name.endswith(":2,S") for name in moved)
    # Dovecot and mail clients read the subfolder as a Maildir of its own.
    assert len(mailbox.Maildir(str(folder), create=False).get_folder("Processed")) == 7

    # A copy that came back (a restore, or a crash before the move) is not counted again.
    (folder / "new" / "restored").write_bytes((folder / ".Processed" / "cur" / moved[0]).read_bytes())
    again = process_bounces(site, str(folder))
    assert_nothing_counted_twice(site, again, already=1)
    assert not (folder / "new" / "restored").exists()

    history = subprocess.run([sys.executable, "-m", "invoke", "mail-outcomes", PEOPLE["ana"], "--db", str(site["db"]),
                              "--settings", str(site["settings"])], cwd=ROOT, capture_output=True, text=True,
                             timeout=60)
    assert f"{PEOPLE['ana']}: bounced" in history.stdout
    assert re.search(r"hard\s+5\.1\.1\s+maildir:dsn issue 2026-11: 550 5\.1\.1 <ana@reader-mail\.example>: "
                     r"Recipient address rejected", history.stdout)
    assert "-> marked bounced" in history.stdout


def test_mbox_twice(site):
    path = site["tmp"] / "bounces.mbox"
    inbox = mailbox.mbox(str(path))
    for raw in mail_for_the_bounce_mailbox():
        inbox.add(raw)
    inbox.flush()
    inbox.close()
    done = process_bounces(site, str(path))
    assert_first_run(site, done)

    remaining = mailbox.mbox(str(path))
    assert [b"Loved the piece" in remaining.get_bytes(key) for key in remaining.keys()] == [True]
    processed = mailbox.mbox(str(path) + ".processed")
    assert len(processed) == 7
    assert not os.path.exists(str(path) + ".lock")

    assert_nothing_counted_twice(site, process_bounces(site, str(path)))


def test_soft_bounces_over_several_issues_bounce_the_address(site):
    """Soft bounces in three of the last five issues make a bounce; repeats within one issue count once."""
    folder = site["tmp"] / "soft"
    inbox = mailbox.Maildir(str(folder), create=True)
    for number, issue in enumerate(("2026-10", ISSUE, ISSUE)):
        raw = sample("dsn-delayed.eml", PEOPLE["dee"], issue)
        inbox.add(raw.replace(b"Message-Id: <", f"Message-Id: <{number}.".encode()))
    done = process_bounces(site, str(folder))
    assert counts(done.stdout)["soft bounces"] == 3
    assert statuses(site)["dee"] == "active"

    make_list(site["db"], list(PEOPLE.values()), ["2026-12"])
    inbox.add(sample("text-exim-delay.eml", PEOPLE["dee"], "2026-12"))
    done = process_bounces(site, str(folder))
    figures = counts(done.stdout)
    assert figures["soft bounces"] == 1 and "1 reached the soft-bounce limit" in done.stdout
    assert statuses(site)["dee"] == "bounced"


@pytest.mark.parametrize(("make", "message"), [
    (lambda tmp: tmp / "missing", "no such Maildir folder or mbox file"),
    (lambda tmp: write(tmp / "notes.txt", "shopping list\n"), "not an mbox file"),
    (lambda tmp: (tmp / "plain-folder").mkdir() or tmp / "plain-folder", "not a Maildir"),
])
def test_a_mailbox_that_cannot_be_read_is_one_line_and_an_error(site, make, message):
    path = make(site["tmp"])
    done = process_bounces(site, str(path))
    assert done.returncode == 2
    assert message in done.stderr and str(path) in done.stderr
    assert "Traceback" not in done.stderr


def test_verp_without_the_secret_is_refused(site):
    folder = site["tmp"] / "bounces"
    mailbox.Maildir(str(folder), create=True)
    done = process_bounces(site, str(folder), env={"NEWSLETTER_SECRET": ""})
    assert done.returncode == 2 and "NEWSLETTER_SECRET is not set" in done.stderr
