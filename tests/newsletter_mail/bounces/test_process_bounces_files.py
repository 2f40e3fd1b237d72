"""`invoke process-bounces` on a Maildir and an mbox, run as a user runs it, twice."""

import mailbox
import os
import re

import pytest
from bounce_support import (
    AFTER_MAILBOX,
    MAILBOX_PEOPLE,
    bounce_mailbox,
    make_list,
    run_task,
    sample,
    settings_file,
    summary_counts,
)
from support import write

pytestmark = pytest.mark.slow

ISSUE = "2026-11"
PEOPLE = MAILBOX_PEOPLE


@pytest.fixture
def site(tmp_path):
    settings = settings_file(tmp_path / "settings.py")
    db = tmp_path / "newsletter.db"
    store = make_list(db, list(PEOPLE.values()), ["2026-10", ISSUE])
    return {"db": db, "settings": settings, "tmp": tmp_path, "store": store}


def process_bounces(site, *args, env=None):
    return run_task("process-bounces", *args, db=site["db"], settings=site["settings"], env=env)


def statuses(site) -> dict[str, str]:
    return {name: site["store"].get(email).status for name, email in PEOPLE.items()}


def assert_first_run(site, done):
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    figures = summary_counts(done.stdout)
    assert figures["hard bounces"] == 3 and figures["soft bounces"] == 1 and figures["complaints"] == 1
    assert figures["automatic replies"] == 1 and figures["other reports"] == 1 and figures["left unread"] == 1
    assert "8 message(s)" in done.stdout
    assert re.search(r"left: .*subject 'Re: Service Voices — November 2026': not a bounce", done.stdout)
    assert statuses(site) == AFTER_MAILBOX


def assert_nothing_counted_twice(site, done, already=0):
    assert done.returncode == 0, done.stderr
    figures = summary_counts(done.stdout)
    assert figures["left unread"] == 1 and figures["already processed"] == already
    assert sum(figures[name] for name in ("hard bounces", "soft bounces", "complaints", "automatic replies",
                                          "other reports")) == 0


def test_maildir_twice(site):
    folder = site["tmp"] / "bounces"
    inbox = mailbox.Maildir(str(folder), create=True)
    for raw in bounce_mailbox(ISSUE):
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

    history = run_task("mail-outcomes", PEOPLE["ana"], db=site["db"], settings=site["settings"])
    assert f"{PEOPLE['ana']}: bounced" in history.stdout
    assert re.search(r"hard\s+5\.1\.1\s+maildir:dsn issue 2026-11: 550 5\.1\.1 <ana@reader-mail\.example>: "
                     r"Recipient address rejected", history.stdout)
    assert "-> marked bounced" in history.stdout


def test_mbox_twice(site):
    path = site["tmp"] / "bounces.mbox"
    inbox = mailbox.mbox(str(path))
    for raw in bounce_mailbox(ISSUE):
        inbox.add(raw)
    inbox.flush()
    inbox.close()
    done = process_bounces(site, str(path))
    assert_first_run(site, done)

    remaining = mailbox.mbox(str(path))
    assert [b"Loved the piece" in remaining.get_bytes(key) for key in remaining.iterkeys()] == [True]
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
    assert summary_counts(done.stdout)["soft bounces"] == 3
    assert statuses(site)["dee"] == "active"

    make_list(site["db"], list(PEOPLE.values()), ["2026-12"])
    inbox.add(sample("text-exim-delay.eml", PEOPLE["dee"], "2026-12"))
    done = process_bounces(site, str(folder))
    figures = summary_counts(done.stdout)
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
