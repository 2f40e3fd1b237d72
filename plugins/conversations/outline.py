"""Read the arranged layout back out of a post's rendered HTML.

The HTML is the one thing every consumer shares (pages, feeds, newsletter), so the
question list and the speaker counts are taken from it rather than kept aside.
Only markup written by ``arrange.py`` is matched.
"""

from __future__ import annotations

import html
import re
from collections import Counter

_HEADING = re.compile(r"<h([1-6])(\s[^>]*)>(.*?)</h\1>", re.S)
_QUESTION_ID = re.compile(r'\sid="(q(\d+))"')
_QUESTION_CLASS = re.compile(r'\sclass="(?:[^"]*\s)?interview-question(?:\s[^"]*)?"')
_NUMBER = re.compile(r'<span class="interview-question__number">[^<]*</span>\s*')
_LINK_TAG = re.compile(r"</?a\b[^>]*>")
# A footnote reference in a question would repeat its id (and its number) in the list.
_FOOTNOTE_REF = re.compile(r'<sup\b[^>]*\bid="fnref[^"]*"[^>]*>.*?</sup>', re.S)
_ID_ATTRIBUTE = re.compile(r'\sid="[^"]*"')
_SPEAKER = re.compile(r'\sdata-speaker="([^"]*)"')


def questions(content_html: str) -> list[dict]:
    """``[{"id": "q1", "number": 1, "text": html, "toc_text": html}, …]`` in reading order.

    ``toc_text`` is the question without its links, footnote marks and ids, so it
    can sit inside a link of its own in the "In this interview" list (links may not
    nest, and ids may not repeat).
    """
    found = []
    for match in _HEADING.finditer(content_html or ""):
        attributes = match.group(2)
        anchor = _QUESTION_ID.search(attributes)
        if _QUESTION_CLASS.search(attributes) is None or anchor is None:
            continue
        text = _NUMBER.sub("", match.group(3), count=1).strip()
        found.append({
            "id": anchor.group(1),
            "number": int(anchor.group(2)),
            "text": text,
            "toc_text": _ID_ATTRIBUTE.sub("", _LINK_TAG.sub("", _FOOTNOTE_REF.sub("", text))),
        })
    return found


def turns_by_speaker(content_html: str) -> Counter:
    """How many answers or turns each ``data-speaker`` label has."""
    return Counter(html.unescape(label) for label in _SPEAKER.findall(content_html or ""))
