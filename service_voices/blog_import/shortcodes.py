"""WordPress shortcodes in post text: captions and embeds become HTML; others are named.

Shortcodes are expanded by WordPress on display, so the export holds them as text.
"""

from __future__ import annotations

import re

_CAPTION = re.compile(r"\[caption[^\]]*\](.*?)\[/caption\]", re.DOTALL | re.IGNORECASE)
_IMAGE_FIRST = re.compile(r"^\s*((?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?)(.*)$", re.DOTALL | re.IGNORECASE)
_EMBED = re.compile(r"\[embed[^\]]*\]\s*(\S+?)\s*\[/embed\]", re.IGNORECASE)
_OTHER = re.compile(r"\[(gallery|audio|video|playlist|wpvideo|youtube|soundcloud|contact-form[\w-]*)\b[^\]]*\]",
                    re.IGNORECASE)


def _caption(match: re.Match) -> str:
    inner = match.group(1)
    found = _IMAGE_FIRST.match(inner)
    if not found:
        return inner
    image, caption = found.group(1), found.group(2).strip()
    # An image paragraph, then its caption in italics, so the caption stays readable text.
    return f"\n\n{image}\n\n<em>{caption}</em>\n\n" if caption else f"\n\n{image}\n\n"


def expand_shortcodes(text: str) -> tuple[str, list[str]]:
    """The text with captions and embeds expanded, and the names of shortcodes left as they are."""
    text = _CAPTION.sub(_caption, text)
    text = _EMBED.sub(lambda m: f'<a href="{m.group(1)}">{m.group(1)}</a>', text)
    left = sorted({match.group(1).lower() for match in _OTHER.finditer(text)})
    return text, left
