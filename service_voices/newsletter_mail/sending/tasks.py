"""``invoke send``: deliver a built issue to every active subscriber, exactly once."""

from __future__ import annotations

import fcntl
import os
import smtplib
import sys
from contextlib import contextmanager
from pathlib import Path

from invoke import Exit, task

from ..cli import COMMON_HELP, db_path, read_config
from ..settings import secret as read_secret
from ..settings import setting
from ..subscribers.store import InvalidAddress, SubscriberStore, normalize_email
from .issue_files import IssueMissing, load_issue
from .ledger import SendLedger
from .message import MessageTemplate, Recipient, TemplateError
from .personalise import DkimSigner, Personaliser
from .sending import SendPolicy, SendRun, SendStopped, envelope_sender
from .smtp import ConfigError, ConnectionLost, SmtpConfig, SmtpConnection

ROOT = Path(__file__).resolve().parents[3]
DRY_RUN_SERVICE_URL = "https://subscribe.invalid"
DRY_RUN_SECRET = "dry-run-only"


def _signer() -> DkimSigner | None:
    names = ("NEWSLETTER_DKIM_SELECTOR", "NEWSLETTER_DKIM_DOMAIN", "NEWSLETTER_DKIM_KEY_FILE")
    values = [os.environ.get(name, "").strip() for name in names]
    if not any(values):
        return None
    if not all(values):
        missing = [name for name, value in zip(names, values) if not value]
        raise Exit(f"DKIM signing needs all of {', '.join(names)}; missing: {', '.join(missing)}.", code=2)
    selector, domain, key_file = values
    try:
        key = Path(key_file).read_bytes()
    except OSError as error:
        raise Exit(f"NEWSLETTER_DKIM_KEY_FILE: cannot read {key_file} ({error.strerror}).", code=2) from None
    return DkimSigner(selector, domain, key)


@contextmanager
def _send_lock(db_path: Path):
    """One send per database at a time; the lock dies with the process, even on kill -9."""
    lock_path = db_path.with_name(db_path.name + "-sendlock")
    with open(lock_path, "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise Exit("Another `invoke send` is running on this subscriber database; wait for it to finish.",
                       code=1) from None
        yield


def _confirm(question: str, yes: bool) -> None:
    if yes:
        return
    if not sys.stdin.isatty():
        raise Exit(f"{question} Not asking without a terminal: add --yes to send.", code=2)
    if input(f"{question} [y/N] ").strip().lower() not in ("y", "yes"):
        raise Exit("Nothing sent.", code=1)


def _policy(settings: dict, rate: float) -> SendPolicy:
    value = lambda name: setting(settings, name)  # noqa: E731
    if rate < 0:
        raise Exit("--rate must be a positive number of messages per second.", code=2)
    return SendPolicy(rate=rate or None, retry_delays=tuple(value("NEWSLETTER_RETRY_DELAYS")),
                      max_failures_in_row=int(value("NEWSLETTER_MAX_FAILURES_IN_ROW")),
                      connect_attempts=int(value("NEWSLETTER_CONNECT_ATTEMPTS")))


@task(help={
    "issue": "slug of a built issue: output/newsletter/<slug>/message.eml",
    "dry_run": "write each recipient's .eml into this folder and send nothing",
    "to": "send one test message to this address only (no ledger, no subscriber needed)",
    "rate": "send at most this many messages per second",
    "yes": "do not ask for confirmation",
    "output": "built site to read the issue from (default output/)",
    **COMMON_HELP,
})
def send(c, issue, dry_run="", to="", rate=0.0, yes=False, output="", db="", settings="pelicanconf.py"):
    """Send a built newsletter issue to every active subscriber, exactly once; rerun to resume."""
    config = read_config(settings)
    database = db_path(config, db)
    try:
        files = load_issue(Path(output) if output else ROOT / "output", issue)
        template = MessageTemplate(files.message, setting(config, "NEWSLETTER_GREETING_FALLBACK"))
    except (IssueMissing, TemplateError) as error:
        raise Exit(str(error), code=1) from None
    service_url = setting(config, "NEWSLETTER_SERVICE_URL")
    secret = read_secret()
    if dry_run:
        if not service_url:
            print(f"warning: NEWSLETTER_SERVICE_URL is empty; unsubscribe links use {DRY_RUN_SERVICE_URL}")
            service_url = DRY_RUN_SERVICE_URL
        if not secret:
            print("warning: NEWSLETTER_SECRET is not set; unsubscribe tokens use a throwaway secret")
            secret = DRY_RUN_SECRET
    elif not service_url:
        raise Exit("NEWSLETTER_SERVICE_URL is empty, so there is no unsubscribe link to put in the message; "
                   "set it in pelicanconf.py/publishconf.py.", code=2)
    elif not secret:
        raise Exit("NEWSLETTER_SECRET is not set; export it (the same secret the subscription service uses).",
                   code=2)
    personaliser = Personaliser(template, issue, service_url, secret,
                                setting(config, "NEWSLETTER_UNSUBSCRIBE_MAILTO"), _signer())
    store = SubscriberStore(database)
    if dry_run:
        _dry_run(store, database, issue, personaliser, Path(dry_run))
        return
    try:
        smtp = SmtpConfig.from_env(os.environ, setting(config, "NEWSLETTER_SMTP_TIMEOUT"))
    except ConfigError as error:
        raise Exit(str(error), code=2) from None
    if to:
        _test_send(store, personaliser, smtp, to)
        return
    with _send_lock(database):
        ledger = SendLedger(database)
        try:
            _send_to_all(ledger, store, files, personaliser, smtp, _policy(config, rate), yes)
        finally:
            ledger.close()


def _send_to_all(ledger, store, files, personaliser, smtp, policy, yes) -> None:
    issue = files.slug
    if ledger.exists(issue):
        tally = ledger.tally(issue)
        remaining = tally["queued"] + tally["deferred"]
        if not remaining:
            print(f"{issue}: already sent to all {tally['delivered']} recipient(s) "
                  f"({tally['failed']} failed, {tally['skipped']} skipped); nothing to do.")
            return
        question = f"Resume sending {issue!r} to the {remaining} recipient(s) left ({tally['delivered']} done)?"
    else:
        question = (f"Send {issue!r} ({files.subject or personaliser.template.subject}) to "
                    f"{store.counts()['active']} active subscriber(s) through {smtp.where}?")
    _confirm(question, yes)
    ledger.start(issue, files.subject or personaliser.template.subject)
    from .progress import SendProgress  # rich is only needed once a send starts

    run = SendRun(ledger, issue, personaliser, smtp, policy)
    stopped = None
    with SendProgress(f"Sending {issue}") as progress:
        run.on_progress = progress
        try:
            run.run()
        except SendStopped as error:
            stopped = error
        except KeyboardInterrupt:
            stopped = "interrupted; run the same command again to resume"
    print(f"{issue}: {run.summary.line()}.")
    if stopped:
        raise Exit(f"Stopped: {stopped}", code=1)


def _dry_run(store, database, issue, personaliser, folder: Path) -> None:
    ledger = SendLedger(database)
    try:
        if ledger.exists(issue):
            emails = [item.email for item in ledger.pending(issue)]
        else:
            emails = store.active_emails()
        folder.mkdir(parents=True, exist_ok=True)
        written = 0
        for email in emails:
            subscriber = store.get(email)
            if subscriber is None or subscriber.status != "active":
                continue
            written += 1
            data = personaliser.message_for(Recipient(subscriber.email, subscriber.name))
            (folder / f"{written:05d}-{subscriber.email.replace('/', '_')}.eml").write_bytes(data)
    finally:
        ledger.close()
    print(f"Dry run: wrote {written} message(s) for {issue!r} to {folder}; nothing was sent.")


def _test_send(store, personaliser, smtp, to) -> None:
    try:
        address = normalize_email(to)
    except InvalidAddress as error:
        raise Exit(f"--to {to!r} {error}.", code=2) from None
    known = store.get(address)
    data = personaliser.message_for(Recipient(address, known.name if known else ""))
    connection = SmtpConnection(smtp)
    try:
        connection.open()
        reply = connection.send(envelope_sender(personaliser), address, data)
    except (ConnectionLost, smtplib.SMTPException, OSError) as error:
        raise Exit(f"Test send to {address} through {smtp.where} failed: {error}", code=1) from None
    finally:
        connection.close()
    if not reply.accepted:
        raise Exit(f"Test send to {address}: the server answered {reply} at {reply.stage.upper()}.", code=1)
    print(f"Test message for {personaliser.issue!r} sent to {address} ({reply}).")
