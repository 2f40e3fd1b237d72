"""People's names: how a byline joins them, and how a typed name is made safe to store."""

from __future__ import annotations

import unicodedata

# One limit for a name however it arrives (form, import, admin): long enough for any
# real name, short enough that a greeting or a To: header stays on one line.
NAME_MAX_LENGTH = 100
# A To: header carries the name as an RFC 2047 encoded word. Quoted-printable, the
# larger of the two encodings, writes each byte as at most three characters, so 200
# bytes of name plus the longest address (254) and the framing stay well under the
# 998-octet line limit, even in scripts of three or four bytes a character.
NAME_MAX_BYTES = 200

# Control, format (bidi overrides, zero-width), separator-line and unassigned
# characters: none belongs in a person's name, and some can disguise text.
_DROPPED_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}


def join_names(names) -> str:
    """ "A", "A and B", "A, B and C", as a byline reads."""
    names = [str(name) for name in names if name]
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def clean_name(text: str | None, limit: int = NAME_MAX_LENGTH, max_bytes: int = NAME_MAX_BYTES) -> str:
    """The name as it may be stored: no control characters, single spaces, bounded.

    The one rule for names from the sign-up form, every import format and the admin
    command; also used for other short free text taken from a file (consent evidence).
    """
    if not text:
        return ""
    kept = []
    for char in unicodedata.normalize("NFC", str(text)):
        if char.isspace():
            kept.append(" ")  # a line break in a name becomes a plain space
        elif unicodedata.category(char) not in _DROPPED_CATEGORIES:
            kept.append(char)
    name = " ".join("".join(kept).split())[:limit]
    # Cut on a character boundary: "ignore" drops a character split by the cut.
    return name.encode("utf-8")[:max_bytes].decode("utf-8", "ignore").strip()


def initials(name: str | None) -> str:
    """What an avatar shows without a photo: "Jenny Park" -> "JP", "ana_ruiz" -> "AR".

    Handles split at their underscores, dots and hyphens like words; a single word
    gives one letter, an "@" is not a letter.
    """
    words = "".join(" " if char in "_.-@" else char for char in str(name or "")).split()
    if not words:
        return ""
    letters = words[0][:1] + (words[-1][:1] if len(words) > 1 else "")
    return letters.upper()
