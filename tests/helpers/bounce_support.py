"""Bounce mail for the tests: sample messages filled in for one list, and that list's database.

The samples in tests/newsletter_mail/bounces/samples are written in the shapes real
servers send (RFC 3464 and RFC 5965 reports, provider-style reports, plain-text
bounces, automatic replies); ``{{NAME}}`` placeholders take the recipient, its VERP
address and unsubscribe link, so each test addresses them to its own subscribers.
"""

from __future__ import annotations

import email
import email.policy
import os
import re
import subprocess
import sys
from email.message import Message
from email.mime.message import MIMEMessage
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import formatdate, make_msgid
from pathlib import Path

from service_voices.newsletter_mail.bounces.verp import verp_address
from service_voices.newsletter_mail.sending.ledger import SendLedger
from service_voices.newsletter_mail.subscribers.store import ImportRow, SubscriberStore
from service_voices.newsletter_mail.subscribers.tokens import unsubscribe_url

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = Path(__file__).resolve().parents[1] / "newsletter_mail" / "bounces" / "samples"
SECRET = "bounce-test-secret"
BOUNCE_ADDRESS = "bounces@service-voices.example"
SERVICE_URL = "https://subscribe.service-voices.example"


def sample(name: str, recipient: str = "", issue: str = "", other: str = "", verp: str | None = None) -> bytes:
    """The sample ``name`` (.eml) addressed to ``recipient`` of ``issue``; ``verp`` None computes it."""
    if verp is None:
        verp = verp_address(BOUNCE_ADDRESS, SECRET, issue, recipient) if recipient and issue else BOUNCE_ADDRESS
    values = {"RECIPIENT": recipient, "ISSUE": issue, "OTHER": other, "VERP": verp,
              "BOUNCE_ADDRESS": BOUNCE_ADDRESS,
              "UNSUBSCRIBE_URL": unsubscribe_url(SERVICE_URL, SECRET, recipient) if recipient else ""}
    text = (SAMPLES / name).read_text(encoding="utf-8")
    missing = set(re.findall(r"\{\{([A-Z_]+)\}\}", text)) - set(values)
    assert not missing, f"{name} uses unknown placeholders {missing}"
    return re.sub(r"\{\{([A-Z_]+)\}\}", lambda match: values[match.group(1)], text).encode("utf-8")


def make_list(db_path: Path, emails: list[str], issues: list[str]) -> SubscriberStore:
    """Active subscribers ``emails`` who were each sent ``issues`` (in that order) through the send ledger."""
    store = SubscriberStore(db_path)
    store.import_rows([ImportRow(number, email, f"Reader {number}") for number, email in enumerate(emails, 1)])
    ledger = SendLedger(db_path)
    try:
        for issue in issues:
            ledger.start(issue, f"Service Voices {issue}")
            for email in emails:
                ledger.delivered(issue, email, 1, "250 OK")
            ledger.finish_if_done(issue)
    finally:
        ledger.close()
    return store


# One bounce mailbox's worth of mail about one issue, and who each message is about.
MAILBOX_PEOPLE = {
    "ana": "ana@reader-mail.example",    # hard bounce, RFC 3464 report (Postfix)
    "bo": "bo@gmail-like.example",       # hard bounce, Gmail-style report
    "cy": "cy@reader-mail.example",      # complaint, ARF
    "dee": "dee@busy-mail.example",      # soft bounce, delay report
    "eve": "eve@reader-mail.example",    # out of office, a relayed report and a personal reply
    "fay": "fay@yahoo-like.example",     # hard bounce, plain text only
}
# What processing that mailbox does to them.
AFTER_MAILBOX = {"ana": "bounced", "bo": "bounced", "cy": "unsubscribed", "dee": "active", "eve": "active",
                 "fay": "bounced"}


def bounce_mailbox(issue: str) -> list[bytes]:
    people = MAILBOX_PEOPLE
    return [
        sample("dsn-postfix-failed.eml", people["ana"], issue),
        sample("dsn-gmail-style.eml", people["bo"], issue),
        sample("arf-abuse.eml", people["cy"], issue),
        sample("dsn-delayed.eml", people["dee"], issue),
        sample("autoreply-rfc3834.eml", people["eve"], issue),
        sample("text-yahoo-style.eml", people["fay"], issue),
        sample("dsn-relayed.eml", people["eve"], issue),
        sample("human-reply.eml", people["eve"], issue),
    ]


def summary_counts(stdout: str) -> dict[str, int]:
    """The figures of a process-bounces summary, by name."""
    return {name: int(number) for name, number in re.findall(r"^  (\S.*?)\s{2,}(\d+)  \(", stdout, re.MULTILINE)}


def run_task(task: str, *args: str, db: Path, settings: Path, env: dict | None = None):
    """An invoke task in its own process, as a user runs it."""
    environ = {**os.environ, "NEWSLETTER_SECRET": SECRET, **(env or {})}
    command = [sys.executable, "-m", "invoke", task, *args, "--db", str(db), "--settings", str(settings)]
    return subprocess.run(command, cwd=ROOT, env=environ, capture_output=True, text=True, timeout=120,
                          stdin=subprocess.DEVNULL)


def _report(kind: str, sender: str, return_path: str, subject: str, human: str) -> MIMEMultipart:
    report = MIMEMultipart("report", report_type=kind)
    report["Return-Path"] = "<>"
    report["Delivered-To"] = return_path
    report["From"] = sender
    report["To"] = return_path
    report["Subject"] = subject
    report["Date"] = formatdate(usegmt=True)
    report["Message-ID"] = make_msgid(domain="relay.example")
    report.attach(MIMEText(human, "plain"))
    return report


def _with_return_path(original: bytes, return_path: str) -> bytes:
    """The message as the receiving server stored it: Return-Path written from the envelope sender."""
    return f"Return-Path: <{return_path}>\r\n".encode() + original


def dsn_for(original: bytes, recipient: str, return_path: str, action: str = "failed", status: str = "5.1.1",
            diagnostic: str = "smtp; 550 5.1.1 User unknown") -> bytes:
    """The RFC 3464 report a relay sends back to ``return_path`` when it cannot deliver ``original``."""
    report = _report("delivery-status", "Mail Delivery System <MAILER-DAEMON@relay.example>", return_path,
                     "Undelivered Mail Returned to Sender" if action == "failed" else "Delayed Mail",
                     f"Your message to <{recipient}> could not be delivered.\n")
    fields = Message()
    fields.set_type("message/delivery-status")
    per_message, per_recipient = Message(), Message()
    per_message["Reporting-MTA"] = "dns; relay.example"
    per_recipient["Final-Recipient"] = f"rfc822; {recipient}"
    per_recipient["Action"] = action
    per_recipient["Status"] = status
    per_recipient["Diagnostic-Code"] = diagnostic
    fields.set_payload([per_message, per_recipient])
    report.attach(fields)
    headers = _with_return_path(original, return_path).split(b"\r\n\r\n", 1)[0].decode("utf-8")
    report.attach(MIMEText(headers + "\n", "rfc822-headers", "utf-8"))
    return report.as_bytes(policy=email.policy.SMTP)


def complaint_for(original: bytes, recipient: str, return_path: str) -> bytes:
    """An RFC 5965 abuse report a mailbox provider's feedback loop sends about ``original``."""
    report = _report("feedback-report", "Feedback Loop <fbl@mailhost.example>", BOUNCE_ADDRESS,
                     "Abuse report", "A user of ours reported this message as spam.\n")
    fields = Message()
    fields.set_type("message/feedback-report")
    fields.set_payload(f"Feedback-Type: abuse\nUser-Agent: MailhostFBL/1.0\nVersion: 1\n"
                       f"Original-Mail-From: <{return_path}>\nOriginal-Rcpt-To: <{recipient}>\n")
    report.attach(fields)
    stored = email.message_from_bytes(_with_return_path(original, return_path), policy=email.policy.compat32)
    report.attach(MIMEMessage(stored))
    return report.as_bytes(policy=email.policy.SMTP)


def settings_file(path: Path, **values) -> Path:
    """A site settings file for these tests: the bounce address, quiet Pelican defaults, and ``values``."""
    settings = {"SITEURL": "https://service-voices.example", "TIMEZONE": "UTC",
                "NEWSLETTER_SERVICE_URL": SERVICE_URL, "NEWSLETTER_BOUNCE_ADDRESS": BOUNCE_ADDRESS, **values}
    path.write_text("".join(f"{name} = {value!r}\n" for name, value in settings.items()), encoding="utf-8")
    return path
