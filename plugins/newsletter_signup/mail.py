"""The confirmation email: built with the email package, sent over SMTP.

The SMTP settings are the ones the sending tasks use, read from the environment.
"""

from __future__ import annotations

import datetime as dt
import email.policy
import os
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr

TLS_MODES = ("none", "starttls", "ssl")


class SmtpConfigError(ValueError):
    pass


@dataclass(frozen=True)
class SmtpSettings:
    host: str = "localhost"
    port: int = 25
    user: str = ""
    password: str = ""
    tls: str = "none"

    @classmethod
    def from_env(cls, environ=None) -> "SmtpSettings":
        environ = os.environ if environ is None else environ
        tls = environ.get("SMTP_TLS", "none").strip().lower() or "none"
        # Spellings people reach for first mean STARTTLS, the usual port-587 setup.
        tls = {"1": "starttls", "true": "starttls", "yes": "starttls", "tls": "starttls",
               "0": "none", "false": "none", "no": "none", "off": "none"}.get(tls, tls)
        if tls not in TLS_MODES:
            raise SmtpConfigError(f"SMTP_TLS must be one of {', '.join(TLS_MODES)}, not {tls!r}")
        default_port = {"none": 25, "starttls": 587, "ssl": 465}[tls]
        port_text = environ.get("SMTP_PORT", "").strip()
        try:
            port = int(port_text) if port_text else default_port
        except ValueError:
            raise SmtpConfigError(f"SMTP_PORT must be a number, not {port_text!r}") from None
        return cls(
            host=environ.get("SMTP_HOST", "").strip() or "localhost",
            port=port,
            user=environ.get("SMTP_USER", ""),
            password=environ.get("SMTP_PASSWORD", ""),
            tls=tls,
        )


def confirmation_message(*, sender: str, recipient: str, confirm_url: str, site_name: str,
                         site_url: str, valid_hours: int, now: dt.datetime | None = None) -> EmailMessage:
    """The double opt-in mail for ``recipient`` (an address normalize_email accepted).

    It deliberately carries nothing else the visitor typed: a name in the form could
    otherwise be used to send strangers a message of the sender's choosing.
    """
    now = now or dt.datetime.now(dt.timezone.utc)
    message = EmailMessage()
    message["From"] = sender
    message["To"] = recipient
    message["Subject"] = f"Confirm your subscription to {site_name}"
    message["Date"] = format_datetime(now)
    message["Message-ID"] = make_msgid(domain=_domain_of(sender))
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(
        "Hello,\n\n"
        f"Someone, hopefully you, asked for the {site_name} newsletter to be sent to this\n"
        "address. To confirm, open this link and press the Confirm button:\n\n"
        f"{confirm_url}\n\n"
        f"The link works for {valid_hours} hours. If you did not ask for this, ignore this email:\n"
        "you will not be subscribed and will not hear from us again.\n\n"
        "-- \n"
        f"{site_name}\n"
        f"{site_url}\n",
        charset="utf-8",
    )
    return message


def deliver(smtp: SmtpSettings, message: EmailMessage) -> None:
    """Send one message; raises smtplib.SMTPException or OSError when it cannot."""
    envelope_from = parseaddr(message["From"])[1]
    recipients = [parseaddr(message["To"])[1]]
    # policy.SMTP gives CRLF line ends; smtplib sends bytes exactly as given.
    data = message.as_bytes(policy=email.policy.SMTP)
    if smtp.tls == "ssl":
        client = smtplib.SMTP_SSL(smtp.host, smtp.port, timeout=30, context=ssl.create_default_context())
    else:
        client = smtplib.SMTP(smtp.host, smtp.port, timeout=30)
    with client:
        if smtp.tls == "starttls":
            client.starttls(context=ssl.create_default_context())
        if smtp.user:
            client.login(smtp.user, smtp.password)
        client.sendmail(envelope_from, recipients, data)


def _domain_of(address: str) -> str:
    return parseaddr(address)[1].rpartition("@")[2] or "localhost"
