"""The two mails of a comment: the commenter's confirmation and the authors' moderation mail."""

from __future__ import annotations

import datetime as dt
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr


def _message(sender: str, recipient: str, subject: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = recipient
    message["Subject"] = subject
    message["Date"] = format_datetime(dt.datetime.now(dt.UTC))
    message["Message-ID"] = make_msgid(domain=parseaddr(sender)[1].rpartition("@")[2] or "localhost")
    message["Auto-Submitted"] = "auto-generated"
    return message


def confirmation_message(*, sender: str, recipient: str, post_title: str, confirm_url: str, site_name: str,
                         valid_hours: int) -> EmailMessage:
    """Carries nothing the visitor typed but the address, so it cannot carry someone's message to a stranger."""
    message = _message(sender, recipient, f"Confirm your comment on {site_name}")
    message.set_content(
        "Hello,\n\n"
        f"Someone, hopefully you, left a comment on \"{post_title}\" with this address.\n"
        "To confirm it was you, open this link and press the Confirm button:\n\n"
        f"{confirm_url}\n\n"
        f"The link works for {valid_hours} hours. You only need to do this once: later comments\n"
        "from this address go straight to moderation. If it was not you, ignore this mail and\n"
        "the comment will never appear.\n\n"
        f"-- \n{site_name}\n", charset="utf-8")
    return message


def moderation_message(*, sender: str, recipient: str, post_title: str, post_url: str, name: str,
                       website: str, text: str, kind: str, links: dict[str, str], site_name: str,
                       source: str = "") -> EmailMessage:
    """One mail per response to the post's authors; each link opens a page whose button decides."""
    message = _message(sender, recipient, f"New {kind} on \"{post_title}\" awaits moderation")
    buttons = "\n".join(f"{label}: {url}" for label, url in links.items())
    message.set_content(
        f"A new {kind} on \"{post_title}\"\n{post_url}\n\n"
        f"From: {name}{f' ({website})' if website else ''}\n"
        f"{f'Webmention from: {source}' if source else ''}\n\n"
        f"{text}\n\n"
        "Decide here (each link opens a page with a button; nothing changes until you press it):\n\n"
        f"{buttons}\n\n"
        f"-- \n{site_name}\n", charset="utf-8")
    return message
