"""invoke tasks for the subscriber list and for sending an issue.

tasks.py at the project root imports these, so they run as
``invoke import-subscribers``, ``invoke export-subscribers``, ``invoke subscribers``
and ``invoke send``.
"""

from __future__ import annotations

import fcntl
import os
import runpy
import smtplib
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

from invoke import Exit, task

from newsletter_subscribers import settings as subscriber_settings
from newsletter_subscribers.csv_files import read_import_rows, write_export
from newsletter_subscribers.store import ImportReport, InvalidAddress, SubscriberStore, normalize_email

from . import settings as sending_settings
from .issue_files import IssueMissing, load_issue
from .ledger import SendLedger
from .message import MessageTemplate, Recipient, TemplateError
from .personalise import DkimSigner, Personaliser
from .sending import SendPolicy, SendRun, SendStopped, envelope_sender
from .smtp import ConfigError, ConnectionLost, SmtpConfig, SmtpConnection

ROOT = Path(__file__).resolve().parents[2]
DRY_RUN_SERVICE_URL = "https://subscribe.invalid"
DRY_RUN_SECRET = "dry-run-only"
COMMON_HELP = {
    "db": "subscriber database (default: NEWSLETTER_DB from the settings, newsletter.db)",
    "settings": "settings file to read NEWSLETTER_* values from (default pelicanconf.py)",
}


def _read_settings(settings_file: str) -> dict:
    path = (ROOT / settings_file).resolve()
    if not path.is_file():
        raise Exit(f"Settings file {path} does not exist.", code=2)
    sys.path.insert(0, str(path.parent))
    try:
        values = runpy.run_path(str(path))
    finally:
        sys.path.remove(str(path.parent))
    return {name: value for name, value in values.items() if name.isupper()}


def _db_path(settings: dict, db: str) -> Path:
    path = Path(db or subscriber_settings.setting(settings, "NEWSLETTER_DB"))
    path = path if path.is_absolute() else ROOT / path
    output = (ROOT / settings.get("OUTPUT_PATH", "output")).resolve()
    if output in path.resolve().parents:
        raise Exit(f"NEWSLETTER_DB points into {output}, which builds and `invoke clean` replace; "
                   "keep the subscriber database outside it.", code=2)
    return path


def _store(settings_file: str, db: str) -> tuple[dict, SubscriberStore]:
    settings = _read_settings(settings_file)
    return settings, SubscriberStore(_db_path(settings, db))


@task(help={"file": "CSV with the columns email,name (other columns are ignored)",
            "pending": "add new people as pending instead of active", **COMMON_HELP})
def import_subscribers(c, file, pending=False, db="", settings="pelicanconf.py"):
    """Import people who already opted in from a CSV file; never re-subscribes anyone."""
    path = Path(file)
    if not path.is_file():
        raise Exit(f"{file}: no such file.", code=2)
    _, store = _store(settings, db)
    report = ImportReport()
    try:
        rows = read_import_rows(path, report)
    except (UnicodeDecodeError, OSError) as error:
        raise Exit(f"{file}: cannot read it as UTF-8 CSV ({error}).", code=1)
    store.import_rows(rows, status="pending" if pending else "active", source=f"import:{path.name}",
                      report=report)
    for problem in report.problems:
        print(f"{file}: {problem}, skipped")
    print(f"{file}: {report.summary}.")


@task(help={"file": "CSV file to write", **COMMON_HELP})
def export_subscribers(c, file, db="", settings="pelicanconf.py"):
    """Write every subscriber, with status and times, to a CSV file."""
    _, store = _store(settings, db)
    count = write_export(file, store.all())
    print(f"Wrote {count} subscriber(s) to {file}.")


@task(help=COMMON_HELP)
def subscribers(c, db="", settings="pelicanconf.py"):
    """Count subscribers by status."""
    _, store = _store(settings, db)
    counts = store.counts()
    width = max(len(status) for status in counts)
    for status, count in counts.items():
        print(f"{status:<{width}}  {count}")
    print(f"{'total':<{width}}  {sum(counts.values())}")


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
        raise Exit(f"NEWSLETTER_DKIM_KEY_FILE: cannot read {key_file} ({error.strerror}).", code=2)
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
    value = lambda name: sending_settings.setting(settings, name)  # noqa: E731
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
    config = _read_settings(settings)
    db_path = _db_path(config, db)
    try:
        files = load_issue(Path(output) if output else ROOT / "output", issue)
        template = MessageTemplate(files.message, sending_settings.setting(config, "NEWSLETTER_GREETING_FALLBACK"))
    except (IssueMissing, TemplateError) as error:
        raise Exit(str(error), code=1)
    service_url = subscriber_settings.setting(config, "NEWSLETTER_SERVICE_URL")
    secret = subscriber_settings.secret()
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
                                subscriber_settings.setting(config, "NEWSLETTER_UNSUBSCRIBE_MAILTO"), _signer())
    store = SubscriberStore(db_path)
    if dry_run:
        _dry_run(store, db_path, issue, personaliser, Path(dry_run))
        return
    try:
        smtp = SmtpConfig.from_env(os.environ, sending_settings.setting(config, "NEWSLETTER_SMTP_TIMEOUT"))
    except ConfigError as error:
        raise Exit(str(error), code=2)
    if to:
        _test_send(store, personaliser, smtp, to)
        return
    with _send_lock(db_path):
        ledger = SendLedger(db_path)
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


def _dry_run(store, db_path, issue, personaliser, folder: Path) -> None:
    ledger = SendLedger(db_path)
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
        raise Exit(f"--to {to!r} {error}.", code=2)
    known = store.get(address)
    data = personaliser.message_for(Recipient(address, known.name if known else ""))
    connection = SmtpConnection(smtp)
    try:
        connection.open()
        reply = connection.send(envelope_sender(personaliser), address, data)
    except (ConnectionLost, smtplib.SMTPException, OSError) as error:
        raise Exit(f"Test send to {address} through {smtp.where} failed: {error}", code=1)
    finally:
        connection.close()
    if not reply.accepted:
        raise Exit(f"Test send to {address}: the server answered {reply} at {reply.stage.upper()}.", code=1)
    print(f"Test message for {personaliser.issue!r} sent to {address} ({reply}).")


@task(help={"messages": "how many personalised messages to send (default 10,000)"})
def bench_send(c, messages=10_000):
    """Benchmark sending to a local sink against plain smtplib with prebuilt bytes (not a test)."""
    code = subprocess.call([sys.executable, str(ROOT / "benchmarks" / "send_benchmark.py"),
                            "--messages", str(messages)], cwd=ROOT)
    if code:
        raise Exit(code=code)
