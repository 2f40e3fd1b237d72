"""Bounces that are not RFC 3464 reports: the status is only in the text.

Older MTAs (qmail, Exim's plain bounces), some large mailbox providers and many
gateways write a paragraph naming the address and quoting the remote server. The
addresses are found by flufl.bounce (Mailman's detectors for dozens of such
formats) and by Exim's ``X-Failed-Recipients`` header; the status code and the
diagnostic are read from the lines around each address here, because flufl.bounce
finds recipients but not codes.
"""

from __future__ import annotations

import email.message
import email.utils
import logging
import re
from dataclasses import dataclass

from flufl.bounce import all_failures

from .model import HARD, SOFT, kind_of_code, one_line, status_code
from .reports import decoded_text

log = logging.getLogger(__name__)

_DAEMON = re.compile(r"^(?:mailer[-_.]?daemon|mail[-_.]?daemon|postmaster|"
                     r"mail[-_.]?delivery[-_.]?(?:subsystem|system)?|non[-_.]?delivery)@", re.IGNORECASE)
_SUBJECT = re.compile(
    r"undeliver|not\s+(?:be\s+)?delivered|delivery\s+(?:status|failure|failed|has\s+failed|problem|notification|"
    r"incomplete|delayed)|mail\s+delivery\s+(?:failed|failure|subsystem|system)|returned\s+(?:mail|to\s+sender)|"
    r"failure\s+notice|non[-\s]?deliver|could\s+not\s+(?:be\s+)?(?:send|sent|deliver)|delayed\s+mail|"
    r"message\s+(?:delayed|not\s+delivered|blocked)|warning:\s+could\s+not", re.IGNORECASE)
_PERMANENT_WORDS = re.compile(r"permanent(?:ly)?\s+(?:error|fail|failure|rejected)|does\s+not\s+exist|no\s+such\s+"
                              r"(?:user|mailbox|recipient)|user\s+unknown|unknown\s+user|account\s+(?:is\s+)?"
                              r"disabled|address\s+rejected|mailbox\s+unavailable|invalid\s+recipient|"
                              r"doesn't\s+have\s+a\s+\S+\s+account|has\s+been\s+disabled", re.IGNORECASE)
_TRANSIENT_WORDS = re.compile(r"temporar(?:y|ily)|delayed|will\s+(?:be\s+)?retr(?:y|ied)|still\s+trying|"
                              r"will\s+(?:continue|keep)\s+(?:to\s+)?try|deferred|over\s+quota|mailbox\s+(?:is\s+)?"
                              r"full|not\s+yet\s+been\s+delivered|try\s+again\s+later", re.IGNORECASE)
_ADDRESS_LINE_CONTEXT = 4


@dataclass(frozen=True)
class TextFailure:
    """One failed recipient read from a bounce's text; ``recipient`` is "" when none was named."""
    recipient: str
    kind: str
    code: str
    diagnostic: str


def _sender(message: email.message.Message) -> str:
    return email.utils.parseaddr(str(message.get("From") or ""))[1]


def from_mail_system(message: email.message.Message) -> bool:
    """Sent by a mail server rather than a person: a daemon's address, no sender, or Exim's header."""
    sender = _sender(message)
    return bool(message.get("X-Failed-Recipients")) or not sender or bool(_DAEMON.match(sender))


def looks_like_bounce(message: email.message.Message) -> bool:
    return from_mail_system(message) or bool(_SUBJECT.search(str(message.get("Subject") or "")))


def human_text(message: email.message.Message) -> str:
    """The bounce's own words: its text parts, not those of a returned original message."""
    texts: list[str] = []
    _collect_text(message, texts)
    return "\n".join(texts)


def _collect_text(part: email.message.Message, texts: list[str]) -> None:
    if part.get_content_maintype() == "message":
        return  # the returned original: our own words, not the server's
    if part.is_multipart():
        for child in part.get_payload():
            _collect_text(child, texts)
        return
    if part.get_content_type() not in ("text/plain", "text/html"):
        return
    text = decoded_text(part)
    if part.get_content_type() == "text/html":
        text = re.sub(r"<[^>]+>", " ", re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", text))
    texts.append(text)


def _detected(message: email.message.Message) -> tuple[set[str], set[str]]:
    try:
        temporary, permanent = all_failures(message)
    except Exception as error:  # noqa: BLE001 - a third-party heuristic must not stop a whole mailbox run
        log.warning("flufl.bounce could not read a message: %s", error)
        return set(), set()
    decode = lambda found: {address.decode("ascii", "replace").strip("<>").lower() for address in found}  # noqa: E731
    return decode(temporary), decode(permanent)


def _context(text: str, address: str) -> str:
    """The lines from the first mention of ``address`` to the paragraph's end (at most a few)."""
    lines = text.splitlines()
    for index, line in enumerate(lines):
        if address in line.lower():
            block = [line]
            for following in lines[index + 1:index + 1 + _ADDRESS_LINE_CONTEXT]:
                if not following.strip():
                    break
                block.append(following)
            return "\n".join(block)
    return ""


def _kind(code: str, text: str, detected_as: str | None) -> str:
    return (kind_of_code(code) or detected_as
            or (SOFT if _TRANSIENT_WORDS.search(text) else HARD if _PERMANENT_WORDS.search(text) else SOFT))


def text_failures(message: email.message.Message) -> list[TextFailure]:
    """Each recipient the bounce names, with its class, code and diagnostic; [] when it names none."""
    text = human_text(message)
    temporary, permanent = _detected(message)
    exim = {address.strip().lower() for address in str(message.get("X-Failed-Recipients") or "").split(",")}
    recipients = sorted((permanent | temporary | exim) - {""})
    failures = []
    for recipient in recipients:
        context = _context(text, recipient)
        code = status_code(context) or (status_code(text) if len(recipients) == 1 else "")
        detected_as = HARD if recipient in permanent else SOFT if recipient in temporary else None
        diagnostic = context if code in context else f"{context}\n{_line_with(text, code)}"
        failures.append(TextFailure(recipient, _kind(code, context or text, detected_as), code,
                                    one_line(diagnostic or text)))
    return failures


def overall_failure(message: email.message.Message) -> TextFailure:
    """The bounce read as a whole, for when VERP already says who it is about."""
    text = human_text(message)
    code = status_code(text)
    telling = _line_with(text, code) if code else (_line_matching(text, _PERMANENT_WORDS)
                                                    or _line_matching(text, _TRANSIENT_WORDS))
    return TextFailure("", _kind(code, text, None), code, one_line(telling or text))


def _line_with(text: str, code: str) -> str:
    if not code:
        return ""
    for line in text.splitlines():
        if code in line:
            return line.strip()
    return ""


def _line_matching(text: str, pattern: re.Pattern) -> str:
    for line in text.splitlines():
        if pattern.search(line):
            return line.strip()
    return ""
