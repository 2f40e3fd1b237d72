"""invoke tasks: read the bounce mailbox, report on an issue, show what the mail said about someone."""

from __future__ import annotations

import json as jsonlib
import os

from invoke import Exit, task

from ..cli import COMMON_HELP, db_path, read_config
from ..settings import secret as read_secret
from ..settings import setting
from .imap import ImapConfig, ImapConfigError, ImapSource
from .mailboxes import MailboxError, open_mail_files
from .outcomes import OutcomeBook
from .processing import process
from .reader import MailReader
from .report import NoSuchIssue, build_report, format_report
from .verp import BounceAddressError, TokenIndex, split_bounce_address


def open_book(config: dict, db: str) -> OutcomeBook:
    try:
        return OutcomeBook(db_path(config, db), int(setting(config, "NEWSLETTER_SOFT_BOUNCE_LIMIT")),
                           int(setting(config, "NEWSLETTER_SOFT_BOUNCE_ISSUES")))
    except (TypeError, ValueError) as error:
        raise Exit(f"settings: {error}", code=2) from None


def _reader(config: dict, book: OutcomeBook) -> MailReader:
    bounce_address = setting(config, "NEWSLETTER_BOUNCE_ADDRESS")
    secret = read_secret()
    if bounce_address:
        try:
            split_bounce_address(bounce_address)
        except BounceAddressError as error:
            raise Exit(str(error), code=2) from None
        if not secret:
            raise Exit("NEWSLETTER_SECRET is not set, so the VERP tokens in bounces cannot be checked; export the "
                       "secret `invoke send` uses.", code=2)
    elif not secret:
        print("warning: NEWSLETTER_SECRET is not set; recipients are read only from what the reports say")
    tokens = TokenIndex(book.db_path, secret) if bounce_address and secret else None
    return MailReader(bounce_address, secret, tokens, book.sent_issues())


@task(help={
    "mailbox": "a Maildir folder or an mbox file; with --imap, the IMAP folder to read (such as INBOX)",
    "imap": "read the folder from the IMAP server in IMAP_HOST/IMAP_USER/IMAP_PASSWORD (TLS only)",
    **COMMON_HELP,
})
def process_bounces(c, mailbox, imap=False, db="", settings="pelicanconf.py"):
    """Read the bounce mailbox: record bounces and complaints on the subscribers, each message once."""
    config = read_config(settings)
    book = open_book(config, db)
    reader = _reader(config, book)
    processed_folder = setting(config, "NEWSLETTER_BOUNCE_PROCESSED_FOLDER")
    try:
        if imap:
            source = ImapSource(ImapConfig.from_env(os.environ, folder=mailbox), processed_folder)
        else:
            source = open_mail_files(mailbox, processed_folder)
    except (ImapConfigError, MailboxError) as error:
        raise Exit(str(error), code=2) from None
    try:
        summary = process(source, reader, book)
    except (MailboxError, OSError) as error:
        raise Exit(f"{source.where}: stopped: {error}. What was recorded before stays recorded; run again to "
                   "go on.", code=1) from None
    print("\n".join(summary.lines()))


@task(help={"issue": "the issue's slug, as given to `invoke send`", "json": "print the figures as JSON",
            **COMMON_HELP})
def newsletter_report(c, issue, json=False, db="", settings="pelicanconf.py"):
    """Delivery, bounces, complaints and unsubscribes of one sent issue (no opens: nothing is tracked)."""
    config = read_config(settings)
    book = open_book(config, db)
    try:
        report = build_report(book.db_path, issue, book)
    except NoSuchIssue:
        raise Exit(f"{issue}: no send of this issue is recorded in {book.db_path}; check the slug "
                   "(`invoke send <slug>` records one).", code=1) from None
    if json:
        print(jsonlib.dumps(report.as_dict(), indent=2))
        return
    print("\n".join(format_report(report)))


@task(help={"address": "the subscriber's email address", **COMMON_HELP})
def mail_outcomes(c, address, db="", settings="pelicanconf.py"):
    """What the mail said about one address: every bounce and complaint, with code, diagnostic and source."""
    config = read_config(settings)
    book = open_book(config, db)
    subscriber = book.store.get(address.strip().lower())
    print(f"{address}: {subscriber.status if subscriber else 'not on the list'}")
    lines = book.record_of(address)
    if not lines:
        print("  no bounce or complaint recorded")
    for line in lines:
        issue = f" issue {line.issue}" if line.issue else ""
        print(f"  {line.received_at}  {line.kind:<9} {line.code or '-':<8} {line.source}{issue}: {line.diagnostic}")
        print(f"  {'':<25}  -> {line.result}")
