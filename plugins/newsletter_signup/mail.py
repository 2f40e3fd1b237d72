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
    port: int = 587
    user: str = ""
    password: str = ""
    tls: str = "starttls"

    @classmethod
    def from_env(cls, environ=None) -> "SmtpSettings":
        """The SMTP_* variables, read exactly as `invoke send` reads them."""
        environ = os.environ if environ is None else environ
        host = environ.get("SMTP_HOST", "").strip()
        if not host:
            raise SmtpConfigError("SMTP_HOST is not set; export SMTP_HOST, SMTP_PORT, SMTP_USER, SMTP_PASSWORD "
                                  "and SMTP_TLS (none, starttls or ssl), as for sending")
        tls = environ.get("SMTP_TLS", "starttls").strip().lower() or "starttls"
        if tls not in TLS_MODES:
            raise SmtpConfigError(f"SMTP_TLS is {tls!r}; use one of: {', '.join(TLS_MODES)}")
        default_port = {"none": 25, "starttls": 587, "ssl": 465}[tls]
        port_text = environ.get("SMTP_PORT", "").strip()
        try:
            port = int(port_text) if port_text else default_port
        except ValueError:
            raise SmtpConfigError(f"SMTP_PORT is {port_text!r}, not a port number") from None
        user, password = environ.get("SMTP_USER", ""), environ.get("SMTP_PASSWORD", "")
        if user and not password:
            raise SmtpConfigError("SMTP_USER is set but SMTP_PASSWORD is not")
        return cls(host, port, user, password, tls)


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
