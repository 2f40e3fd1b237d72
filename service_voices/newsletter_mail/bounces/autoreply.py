"""Out-of-office and other automatic replies: neither a bounce nor a complaint.

RFC 3834 asks automatic responders to send ``Auto-Submitted: auto-replied`` and to
answer the Return-Path, which is our bounce address. Many do; others only show it
in their headers or subject, so those are read too.
"""

from __future__ import annotations

import email.errors
import email.header
import email.message
import re

# Headers that only automatic responders set.
_RESPONDER_HEADERS = ("X-Autoreply", "X-Autorespond", "X-Autoresponder", "X-Vacation", "X-Mailer-Autoreply")
_PRECEDENCE = re.compile(r"^\s*auto[_-]?reply\s*$", re.IGNORECASE)
_SUBJECT = re.compile(
    r"^\s*(?:(?:re|aw|fwd?)\s*:\s*)*(?:"
    r"out\s+of\s+(?:the\s+)?office|automatic\s+reply|auto(?:matic)?[\s-]*(?:reply|response|antwort)|autoreply|"
    r"auto\s*:|away\s+from\s+(?:my|the)\s+(?:desk|office|mail)|on\s+(?:vacation|holiday|leave)|vacation\s+reply|"
    r"abwesenheitsnotiz|abwesend|r[ée]ponse\s+automatique|absence|respuesta\s+autom[áa]tica|fuera\s+de\s+la\s+oficina|"
    r"risposta\s+automatica|fuori\s+ufficio|automatisch\s+antwoord|afwezig)",
    re.IGNORECASE)


def is_auto_reply(message: email.message.Message) -> bool:
    submitted = str(message.get("Auto-Submitted") or "").strip().lower()
    if submitted.startswith("auto-replied"):
        return True
    if any(message.get(name) for name in _RESPONDER_HEADERS):
        return True
    if _PRECEDENCE.match(str(message.get("Precedence") or "")):
        return True
    return bool(_SUBJECT.match(_decoded_subject(message)))


def _decoded_subject(message: email.message.Message) -> str:
    raw = message.get("Subject") or ""
    try:
        return str(email.header.make_header(email.header.decode_header(str(raw))))
    except (email.errors.HeaderParseError, LookupError, UnicodeError):
        return str(raw)
