"""What the mail tells us about one recipient, whatever carried it: an Outcome."""

from __future__ import annotations

import re
from dataclasses import dataclass

HARD = "hard"
SOFT = "soft"
COMPLAINT = "complaint"
KINDS = (HARD, SOFT, COMPLAINT)

DIAGNOSTIC_LIMIT = 500

# RFC 3463 enhanced status codes (5.1.1), then RFC 5321 reply codes (550) as a
# fallback; a reply code must stand alone, not be part of an IP address or a date.
_ENHANCED = re.compile(r"(?<![\d.])([245])\.(\d{1,3})\.(\d{1,3})(?![\d.]*\d)")
_REPLY = re.compile(r"(?<![\d.:])([245]\d\d)(?=[ :-]|$)", re.MULTILINE)
# The Message-ID the sender writes: <issue.run-id.counter@domain> (angle brackets
# are optional: some providers report it without them).
_OUR_MESSAGE_ID = re.compile(r"(?<![\w.-])([a-z0-9][a-z0-9_-]*(?:\.[a-z0-9_-]+)*?)\.[0-9a-f]{12}\.\d+@", re.IGNORECASE)


@dataclass(frozen=True)
class Outcome:
    """One bounce or complaint about one recipient.

    ``event_key`` is unique per event (a message id, a provider's event id), so the
    same event delivered twice is recorded once. ``issue`` is the newsletter slug
    when the report lets us know it.
    """

    email: str
    kind: str
    code: str
    diagnostic: str
    source: str
    event_key: str
    issue: str = ""


def status_code(text: str) -> str:
    """The first enhanced status code in ``text``, else the first SMTP reply code, else ""."""
    if not text:
        return ""
    found = _ENHANCED.search(text)
    if found:
        return ".".join(found.groups())
    found = _REPLY.search(text)
    return found.group(1) if found else ""


def kind_of_code(code: str) -> str | None:
    """5xx is permanent (hard), 4xx transient (soft); 2xx or nothing says nothing."""
    return {"5": HARD, "4": SOFT}.get(code[:1]) if code else None


def one_line(text: str, limit: int = DIAGNOSTIC_LIMIT) -> str:
    """A diagnostic as one tidy line, cut to ``limit`` characters."""
    flat = " ".join(str(text or "").split())
    return flat if len(flat) <= limit else flat[:limit - 1] + "…"


def worst(kinds) -> str:
    """A hard bounce outweighs a soft one when one report gives both."""
    kinds = list(kinds)
    return HARD if HARD in kinds else SOFT


def issue_in(text: str, known_issues) -> str:
    """The issue named by one of our Message-IDs in ``text``, if it is an issue that was sent; else ""."""
    for match in _OUR_MESSAGE_ID.finditer(text or ""):
        if match.group(1) in known_issues:
            return match.group(1)
    return ""
