"""Slugs for URLs and ids: one rule for series, sections, new posts and benchmarks."""

from __future__ import annotations

import re
import unicodedata

_APOSTROPHES = re.compile(r"['\u2019]")
_NOT_WORD = re.compile(r"[^a-z0-9]+")


def slugify(text: str, fallback: str = "untitled") -> str:
    """ASCII, lower case, words joined by hyphens: "The 5 W's" -> "the-5-ws".

    Apostrophes join a word ("W's" -> "ws"); everything else separates words. This
    matches what Pelican's own slugify gives post titles with the default
    SLUG_REGEX_SUBSTITUTIONS, so series and post slugs read alike.
    """
    ascii_text = unicodedata.normalize("NFKD", _APOSTROPHES.sub("", text)).encode("ascii", "ignore").decode()
    return _NOT_WORD.sub("-", ascii_text.lower()).strip("-") or fallback
