"""The two standard report formats: delivery status (RFC 3464) and feedback (RFC 5965, ARF).

Both are ``multipart/report`` messages: a human-readable part, a machine-readable
part of header-like fields, and the original message or its headers. Only the
machine-readable fields are believed here; the human part is for people.
"""

from __future__ import annotations

import email
import email.message
import email.policy
import email.utils
from dataclasses import dataclass

DELIVERY_STATUS = "delivery-status"
FEEDBACK_REPORT = "feedback-report"
_STATUS_TYPES = ("message/delivery-status", "message/global-delivery-status", "text/delivery-status")
_FEEDBACK_TYPES = ("message/feedback-report",)
_ORIGINAL_TYPES = ("message/rfc822", "message/global", "text/rfc822-headers", "message/global-headers",
                   "message/rfc822-headers")


@dataclass(frozen=True)
class RecipientStatus:
    """One per-recipient block of a delivery status notification."""
    recipient: str
    action: str
    status: str
    diagnostic: str


def find_report(message: email.message.Message, report_type: str) -> email.message.Message | None:
    """The first ``multipart/report`` of ``report_type`` in the message, however deep."""
    for part in message.walk():
        if (part.get_content_type() == "multipart/report"
                and (part.get_param("report-type") or "").lower() == report_type):
            return part
    return None


def decoded_text(part: email.message.Message) -> str:
    """A text part's words; servers often declare us-ascii and send UTF-8, so that is tried next."""
    payload = part.get_payload(decode=True) or b""
    for charset in (part.get_content_charset() or "utf-8", "utf-8"):
        try:
            return payload.decode(charset)
        except (LookupError, UnicodeDecodeError):
            continue
    return payload.decode("latin-1")


def _text_of(part: email.message.Message) -> str:
    if part.get_payload(decode=True) is None:
        payload = part.get_payload()
        return payload if isinstance(payload, str) else ""
    return decoded_text(part)


def field_blocks(part: email.message.Message) -> list[email.message.Message]:
    """The header-like blocks of a machine-readable report part.

    The email package already splits ``message/delivery-status`` into blocks; other
    types (and parts sent base64-encoded) are split here at blank lines.
    """
    payload = part.get_payload()
    if isinstance(payload, list) and all(isinstance(block, email.message.Message) for block in payload):
        return payload
    blocks = []
    for chunk in _text_of(part).replace("\r\n", "\n").split("\n\n"):
        if chunk.strip():
            blocks.append(email.message_from_string(chunk.strip() + "\n\n", policy=email.policy.compat32))
    return blocks


def _typed_value(value) -> str:
    """``rfc822; ana@example.com`` -> ``ana@example.com`` (and ``smtp; 550 ...`` -> ``550 ...``)."""
    text = " ".join(str(value or "").split())
    kind, separator, rest = text.partition(";")
    return rest.strip() if separator and " " not in kind.strip() else text


def bare_address(text: str) -> str:
    """The address in ``<ana@example.com>`` or ``Ana <ana@example.com>`` or a bare one; lower case."""
    _, address = email.utils.parseaddr(text or "")
    return address.strip().lower()


def delivery_statuses(report: email.message.Message) -> list[RecipientStatus]:
    statuses = []
    for part in report.walk():
        if part.get_content_type() not in _STATUS_TYPES:
            continue
        for block in field_blocks(part):
            if not block.get("Action") and not block.get("Status"):
                continue  # the per-message block (Reporting-MTA, Arrival-Date)
            recipient = _typed_value(block.get("Final-Recipient")) or _typed_value(block.get("Original-Recipient"))
            statuses.append(RecipientStatus(
                recipient=bare_address(recipient),
                action=str(block.get("Action") or "").strip().lower(),
                status=str(block.get("Status") or "").strip().split(" ")[0],
                diagnostic=_typed_value(block.get("Diagnostic-Code")),
            ))
    return statuses


def feedback_fields(report: email.message.Message) -> email.message.Message | None:
    """The ``message/feedback-report`` fields (Feedback-Type, Original-Rcpt-To, ...)."""
    for part in report.walk():
        if part.get_content_type() in _FEEDBACK_TYPES:
            blocks = field_blocks(part)
            if blocks:
                return blocks[0]
    return None


def original_headers(message: email.message.Message) -> email.message.Message | None:
    """The returned original message (or just its headers), when the report carries it."""
    for part in message.walk():
        kind = part.get_content_type()
        if kind not in _ORIGINAL_TYPES:
            continue
        payload = part.get_payload()
        if isinstance(payload, list) and payload and isinstance(payload[0], email.message.Message):
            return payload[0]
        text = _text_of(part)
        if text.strip():
            return email.message_from_string(text, policy=email.policy.compat32)
    return None
