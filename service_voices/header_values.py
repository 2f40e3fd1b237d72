"""Header values of newsletter messages, judged as a mail client reads them: decoded.

A value can look like one harmless line and still decode (RFC 2047) into several:
the subject ``=?utf-8?q?Hello=0D=0ABcc:_x@example.org?=`` is "Hello", CR LF,
"Bcc: x@example.org" once decoded, and the email package writes exactly that, a
second header line, into the message. The build checks the values it puts in a
message and the sender's preflight checks every header of the message it is about
to send, both with this one rule.
"""

from __future__ import annotations

import email.errors
import email.header
import re
import unicodedata

# A folded header continues on a line that starts with a space or a tab.
_FOLD = re.compile(r"\r?\n[ \t]")


def unfolded(value: str) -> str:
    return _FOLD.sub(" ", value)


def decoded(value: str) -> str:
    """The value as a reader sees it: unfolded, encoded words decoded."""
    value = unfolded(value)
    try:
        return str(email.header.make_header(email.header.decode_header(value)))
    except (email.errors.HeaderParseError, LookupError, UnicodeError, ValueError):
        return value  # not decodable, so no client shows anything but the text itself


def _controls(text: str) -> list[str]:
    return sorted({f"U+{ord(char):04X}" for char in text if unicodedata.category(char) == "Cc"})


def value_problem(value: str) -> str | None:
    """Why ``value`` cannot stand in a header, or None when it is one clean line."""
    raw = _controls(unfolded(value))
    if raw:
        return f"contains control characters ({', '.join(raw)})"
    hidden = _controls(decoded(value))
    if hidden:
        kind = "a line break" if {"U+000D", "U+000A"} & set(hidden) else "control characters"
        return f"contains {kind} once its encoded words are decoded (RFC 2047: {', '.join(hidden)})"
    return None
