"""The confirmation email: built with the email package, sent over SMTP.

The SMTP settings and connection are the sending tasks' own (service_voices.newsletter_mail.sending.smtp),
so the service and `invoke send` can never read the SMTP_* variables differently.
"""

from __future__ import annotations

import datetime as dt
import email.policy
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr

from service_voices.newsletter_mail.sending.smtp import ConfigError as SmtpConfigError
from service_voices.newsletter_mail.sending.smtp import SmtpConfig, SmtpConnection

__all__ = ["SmtpConfig", "SmtpConfigError", "confirmation_message", "deliver"]

def confirmation_message(*, sender: str, recipient: str, confirm_url: str, site_name: str,
                         site_url: str, valid_hours: int, now: dt.datetime | None = None) -> EmailMessage:
    """The double opt-in mail for ``recipient`` (an address normalize_email accepted).

    It deliberately carries nothing else the visitor typed: a name in the form could
    otherwise be used to send strangers a message of the sender's choosing.
    """
    now = now or dt.datetime.now(dt.UTC)
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


def deliver(smtp: SmtpConfig, message: EmailMessage) -> None:
    """Send one message; raises smtplib.SMTPException or OSError when it cannot."""
    envelope_from = parseaddr(message["From"])[1]
    recipients = [parseaddr(message["To"])[1]]
    # policy.SMTP gives CRLF line ends; smtplib sends bytes exactly as given.
    data = message.as_bytes(policy=email.policy.SMTP)
    connection = SmtpConnection(smtp)
    connection.open()
    try:
        connection.client.sendmail(envelope_from, recipients, data)
    finally:
        connection.close()


def _domain_of(address: str) -> str:
    return parseaddr(address)[1].rpartition("@")[2] or "localhost"
