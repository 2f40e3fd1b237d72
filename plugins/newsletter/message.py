"""The ready-to-send MIME message of one issue; no Pelican imports."""

from __future__ import annotations

import datetime as dt
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime

from service_voices.placeholders import UNSUBSCRIBE_URL

# CRLF line ends for SMTP, but fold only past 998 octets: the default 78 would turn a
# long List-Unsubscribe into encoded words that mail clients cannot use.
MESSAGE_POLICY = SMTP.clone(max_line_length=998)
MAX_LINE_OCTETS = 998


def build_message(*, subject: str, sender: str, list_id: str, date: dt.datetime, text: str, html: str,
                  web_url: str) -> EmailMessage:
    message = EmailMessage(policy=MESSAGE_POLICY)
    message["Subject"] = subject  # the policy writes RFC 2047 encoded words when non-ASCII
    message["From"] = sender
    message["Date"] = format_datetime(date)
    message["List-Id"] = list_id
    message["List-Unsubscribe"] = f"<{UNSUBSCRIBE_URL}>"
    message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message["List-Archive"] = f"<{web_url}>"
    # Quoted-printable keeps the placeholders readable in the bytes, so sending can
    # substitute them without re-encoding the parts.
    message.set_content(text, subtype="plain", charset="utf-8", cte="quoted-printable")
    message.add_alternative(html, subtype="html", charset="utf-8", cte="quoted-printable")
    return message


def message_bytes(message: EmailMessage) -> bytes:
    return message.as_bytes(policy=MESSAGE_POLICY)


def long_lines(data: bytes) -> list[int]:
    """1-based numbers of lines longer than SMTP allows."""
    return [number for number, line in enumerate(data.split(b"\r\n"), start=1) if len(line) > MAX_LINE_OCTETS]
