"""The optional time at the start of a transcript turn: ``[12:04](https://…)`` links
the turn to the original post, ``[12:04]`` only shows the time. Plain strings in and
out, read from the raw Markdown text before inline markup."""

from __future__ import annotations

import re
from dataclasses import dataclass

# A time as people write it in a thread: "12:04", "9:41 pm", "2 Sep 12:04".
_STAMP = r"[^\[\]\n]{0,24}?\d{1,2}[:.]\d{2}(?:\s?[AaPp]\.?[Mm]\.?)?"
_LEADING = re.compile(rf"\[(?P<text>{_STAMP})\](?:\((?P<url>[^()\s]+)\))?(?:\s+|$)")
_CLOCK = re.compile(r"(\d{1,2}):(\d{2})")


@dataclass(frozen=True)
class TurnTime:
    text: str
    url: str  # "" when the turn names no original post
    datetime: str  # "HH:MM" for a plain 24-hour time, else "" (no machine-readable form)


def leading_turn_time(rest: str | None) -> tuple[TurnTime | None, str | None]:
    """The turn's time and the text after it, or (None, rest) when it opens with none."""
    match = _LEADING.match(rest or "")
    if match is None:
        return None, rest
    text = match.group("text").strip()
    clock = _CLOCK.fullmatch(text)
    valid = clock is not None and int(clock.group(1)) < 24 and int(clock.group(2)) < 60
    stamp = f"{int(clock.group(1)):02d}:{clock.group(2)}" if valid else ""
    return TurnTime(text, match.group("url") or "", stamp), rest[match.end():] or None
