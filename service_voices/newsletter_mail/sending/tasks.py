"""``invoke send``: deliver a built issue to every active subscriber, made with the live settings.

In order: the live settings (publishconf.py unless --settings says otherwise); the
mail files, built with those settings from today's content or rebuilt; the
preflight (--check stops there); the database's send lease; confirmation; the send.
Every refusal is one line naming what to do.
"""

from __future__ import annotations

import os
import smtplib
import sqlite3
import sys
from pathlib import Path

from invoke import Exit, task

from service_voices.newsletter_common import SHARED_DEFAULTS

from ..bounces.verp import BounceAddressError, split_bounce_address
from ..cli import COMMON_HELP, DEFAULT_SETTINGS, db_path, read_config
from ..settings import secret as read_secret
from ..settings import setting
from ..subscribers.store import InvalidAddress, SubscriberStore, normalize_email
from .busy import DatabaseBusy
from .issue_files import IssueMissing, load_issue
from .ledger import SendLedger
from .live_build import NotBuilt, ensure_built
from .message import MessageTemplate, Recipient, TemplateError
from .personalise import DkimSigner, Personaliser
from .preflight import Expectations, Report, check_message, check_service_answers, check_settings
from .send_lock import SendBusy, SendLease
from .sending import SendPolicy, SendRun, SendStopped, envelope_sender
from .smtp import ConfigError, ConnectionLost, SmtpConfig, SmtpConnection

DRY_RUN_SERVICE_URL = "https://subscribe.invalid"
DRY_RUN_SECRET = "dry-run-only"
SAMPLE_RECIPIENT = Recipient("preflight@example.org", "Preflight Check")
INSECURE_BANNER = ("!" * 78 + "\n!! --allow-insecure-links: http:// and this machine's own addresses are let through.\n"
                   "!! Subscribers anywhere else cannot open such links. Use it for a loopback trial only.\n"
                   + "!" * 78)


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


def _confirm(question: str, yes: bool) -> None:
    if yes:
        return
    if not sys.stdin.isatty():
        raise Exit(f"{question} Not asking without a terminal: add --yes to send.", code=2)
    if input(f"{question} [y/N] ").strip().lower() not in ("y", "yes"):
        raise Exit("Nothing sent.", code=1)


def _policy(settings: dict, rate: float, connections: int) -> SendPolicy:
    value = lambda name: setting(settings, name)  # noqa: E731
    if rate < 0:
        raise Exit("--rate must be a positive number of messages per second.", code=2)
    connections = connections or int(value("NEWSLETTER_SMTP_CONNECTIONS"))
    if connections < 1:
        raise Exit("--connections (or NEWSLETTER_SMTP_CONNECTIONS) must be at least 1.", code=2)
    return SendPolicy(rate=rate or None, retry_delays=tuple(value("NEWSLETTER_RETRY_DELAYS")),
                      max_failures_in_row=int(value("NEWSLETTER_MAX_FAILURES_IN_ROW")),
                      connect_attempts=int(value("NEWSLETTER_CONNECT_ATTEMPTS")), connections=connections)


def _missing_service_url(settings_file: str) -> str:
    return (f"NEWSLETTER_SERVICE_URL is empty in {settings_file}, so there is no unsubscribe link to put in the "
            "message: set it to the subscription service's public https address (publishconf.py reads it from "
            "the environment: export NEWSLETTER_SERVICE_URL=https://subscribe.your-domain).")


def _preflight(config: dict, personaliser: Personaliser, service_url: str, insecure: bool,
               reachability: bool) -> Report:
    signer = personaliser.signer
    expect = Expectations(
        site_url=str(config.get("SITEURL", "")).rstrip("/"),
        service_url=service_url,
        allowed_prefixes=tuple(setting(config, "NEWSLETTER_LINK_ALLOWLIST")),
        insecure=insecure,
        postal_address=str(setting(config, "NEWSLETTER_POSTAL_ADDRESS")),
        sample_postal_address=SHARED_DEFAULTS["NEWSLETTER_POSTAL_ADDRESS"],
        max_html_bytes=int(setting(config, "NEWSLETTER_EMAIL_MAX_BYTES")),
        dkim_domain=signer.domain.decode("ascii") if signer else "")
    report = Report()
    check_settings(report, expect)
    check_message(report, personaliser.message_for(SAMPLE_RECIPIENT), expect)
    if reachability:
        check_service_answers(report, expect.service_url)
    return report


@task(help={
    "issue": "slug of the issue (its mail files are built with the send's settings when needed)",
    "check": "only run the preflight checks and print the report; exit non-zero on any error",
    "dry_run": "write each recipient's .eml into this folder and send nothing",
    "to": "send one test message to this address only (no ledger, no subscriber needed)",
    "rate": "send at most this many messages per second (over all connections)",
    "connections": "SMTP connections side by side (default NEWSLETTER_SMTP_CONNECTIONS, 8)",
    "yes": "do not ask for confirmation",
    "allow_insecure_links": "let http:// and loopback links through, for a local trial only (printed loudly)",
    "no_build": "refuse instead of building when the mail files are missing, stale or from other settings",
    **COMMON_HELP,
    "settings": f"settings file of the live site (default {DEFAULT_SETTINGS})",
})
def send(c, issue, check=False, dry_run="", to="", rate=0.0, connections=0, yes=False, allow_insecure_links=False,
         no_build=False, db="", settings=DEFAULT_SETTINGS):
    """Send a newsletter issue, built with the live settings, to every active subscriber once; rerun to resume."""
    config = read_config(settings)
    database = db_path(config, db)
    service_url = str(setting(config, "NEWSLETTER_SERVICE_URL")).rstrip("/")
    secret = read_secret()
    found = Report()  # problems of the environment, reported with the preflight
    if not service_url:
        if not dry_run:
            raise Exit(_missing_service_url(settings), code=2)
        print(f"warning: NEWSLETTER_SERVICE_URL is empty; unsubscribe links use {DRY_RUN_SERVICE_URL}")
        service_url = DRY_RUN_SERVICE_URL
    if not secret:
        if not (dry_run or check):
            raise Exit("NEWSLETTER_SECRET is not set; export it (the same secret the subscription service uses).",
                       code=2)
        if dry_run:
            print("warning: NEWSLETTER_SECRET is not set; unsubscribe tokens use a throwaway secret")
        else:
            found.add("error", "NEWSLETTER_SECRET", "is not set; export the secret the subscription service uses")
        secret = DRY_RUN_SECRET
    try:
        mail = ensure_built(settings, config, issue, rebuild=not no_build)
        files = load_issue(mail, issue, config)
        template = MessageTemplate(files.message, setting(config, "NEWSLETTER_GREETING_FALLBACK"))
    except (NotBuilt, IssueMissing, TemplateError) as error:
        raise Exit(str(error), code=1) from None
    smtp = None
    if not dry_run:
        try:
            smtp = SmtpConfig.from_env(os.environ, setting(config, "NEWSLETTER_SMTP_TIMEOUT"),
                                       setting(config, "NEWSLETTER_SMTP_DATA_TIMEOUT"))
            found.add("ok", "SMTP", f"sending through {smtp.where} (not contacted by the checks)")
        except ConfigError as error:
            if not check:
                raise Exit(str(error), code=2) from None
            found.add("error", "SMTP", str(error))
    personaliser = Personaliser(template, issue, service_url, secret,
                                setting(config, "NEWSLETTER_UNSUBSCRIBE_MAILTO"), _signer())
    report = _preflight(config, personaliser, service_url, allow_insecure_links,
                        reachability=not (dry_run or to or service_url == DRY_RUN_SERVICE_URL))
    report.findings[:0] = found.findings
    if allow_insecure_links and not check:
        print(INSECURE_BANNER, file=sys.stderr, flush=True)
    if check:
        _print_report(issue, settings, report, everything=True)
        if report.errors:
            raise Exit(f"{issue}: {len(report.errors)} error(s); not ready to send.", code=1)
        print(f"{issue}: ready to send ({len(report.warnings)} warning(s)).")
        return
    _print_report(issue, settings, report, everything=False)
    if report.errors:
        raise Exit(f"Refusing to send {issue!r}: the preflight found {len(report.errors)} error(s) (above); "
                   f"`invoke send {issue} --check` shows the whole report.", code=1)
    bounce_address = setting(config, "NEWSLETTER_BOUNCE_ADDRESS")
    try:
        if bounce_address:
            split_bounce_address(bounce_address)
    except BounceAddressError as error:
        raise Exit(str(error), code=2) from None
    store = SubscriberStore(database)
    try:
        if dry_run:
            _dry_run(store, database, issue, personaliser, Path(dry_run))
        elif to:
            _test_send(store, personaliser, smtp, to)
        else:
            _send_to_all(database, store, files, personaliser, smtp, _policy(config, rate, connections), yes,
                         bounce_address)
    except (DatabaseBusy, SendBusy) as error:
        raise Exit(str(error), code=1) from None
    except sqlite3.Error as error:
        raise Exit(f"{database}: {error}; nothing more was sent. Run the same command again to resume.",
                   code=1) from None


def _print_report(issue: str, settings_file: str, report: Report, everything: bool) -> None:
    shown = report.findings if everything else report.errors + report.warnings
    if everything:
        print(f"Preflight of {issue!r} with {settings_file}:")
    for finding in shown:
        print(finding.line(), file=sys.stdout if everything else sys.stderr)
    if not everything and not report.errors:
        print(f"Preflight: {len(report.findings) - len(report.warnings)} checks passed, "
              f"{len(report.warnings)} warning(s).")


def _send_to_all(database, store, files, personaliser, smtp, policy, yes, bounce_address="") -> None:
    issue = files.slug
    with SendLease(database, issue) as lease:
        ledger = SendLedger(database)
        try:
            _send_with(ledger, lease, store, files, personaliser, smtp, policy, yes, bounce_address)
        finally:
            ledger.close()


def _send_with(ledger, lease, store, files, personaliser, smtp, policy, yes, bounce_address) -> None:
    issue = files.slug
    subject = files.subject or personaliser.template.subject
    if ledger.exists(issue):
        tally = ledger.tally(issue)
        remaining = tally["queued"] + tally["deferred"] + tally["retryable"]
        if not remaining:
            print(f"{issue}: already sent to all {tally['delivered']} recipient(s) "
                  f"({tally['failed']} failed, {tally['skipped']} skipped, {tally['uncertain']} uncertain); "
                  "nothing to do.")
            return
        doubt = f", {tally['retryable']} of them uncertain, tried once more" if tally["retryable"] else ""
        question = (f"Resume sending {issue!r} to the {remaining} recipient(s) left ({tally['delivered']} done"
                    f"{doubt}) through {smtp.where}?")
    else:
        question = (f"Send {issue!r} ({subject}) to {store.counts()['active']} active subscriber(s) through "
                    f"{smtp.where} over up to {policy.connections} connection(s)?")
    _confirm(question, yes)
    ledger.start(issue, subject)
    from .progress import SendProgress  # rich is only needed once a send starts

    run = SendRun(ledger, issue, personaliser, smtp, policy, on_tick=lease.renew, bounce_address=bounce_address)
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
    retryable = ledger.tally(issue)["retryable"]
    if retryable:
        raise Exit(f"{retryable} recipient(s) uncertain: their message went out but no reply came, so it may have "
                   "arrived. Run the same command again to send each of them once more (only once).", code=1)


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
        fate = " after the message went out: it may have arrived" if connection.in_doubt else ""
        raise Exit(f"Test send to {address} through {smtp.where} failed{fate}: {error}", code=1) from None
    finally:
        connection.close()
    if not reply.accepted:
        raise Exit(f"Test send to {address}: the server answered {reply} at {reply.stage.upper()}.", code=1)
    print(f"Test message for {personaliser.issue!r} sent to {address} ({reply}).")
