"""Turn a post into the few lines an issue shows about it; no Pelican imports.

Everything comes from the post's data: its ``Summary:`` (or the first paragraph the
Markdown reader recorded) and, for an interview or dialogue, the opening paragraph of
its first turn, label included, and for an interview the question that turn answers.
Only those small fragments are touched here, to keep
the markup every mail client reads the same and to make their links absolute.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from urllib.parse import urljoin

from bs4 import BeautifulSoup

# Markup that reads the same in every mail client; everything else is unwrapped.
INLINE_TAGS = {"a", "b", "strong", "i", "em", "code", "br", "abbr", "cite", "q", "small", "sub", "sup"}
# What a parse would change: tags, and the characters written back as entities.
_MARKUP = re.compile(r"[<>&]")


@dataclass
class Digest:
    title: str
    url: str  # absolute
    authors: list[str]
    date: dt.datetime
    summary_html: str  # inline markup only
    first_turn_html: str = ""  # the opening exchange of an interview or dialogue, label kept
    first_question_html: str = ""  # the interview question that opening answers
    part_label: str = ""  # "Part 2 of 4"
    series_name: str = ""


def inline_html(fragment: str, base_url: str) -> str:
    """An HTML fragment as inline-only markup with absolute links.

    A fragment that is one or more paragraphs (a rendered ``Summary:``) gives the
    content of its first paragraph.
    """
    if not _MARKUP.search(fragment or ""):
        # Plain text: nothing to unwrap or escape, as a parse would give it back.
        return (fragment or "").strip()
    soup = BeautifulSoup(fragment, "html.parser")
    holder = soup.find("p") or soup
    for tag in holder.find_all(True):
        if tag.name not in INLINE_TAGS:
            tag.unwrap()
            continue
        href = tag.get("href") if tag.name == "a" else None
        tag.attrs = {}
        if href:
            tag["href"] = urljoin(base_url, href)
    return holder.decode_contents().strip()


def opening_turn(conversation) -> str:
    """The opening paragraph of a conversation's first turn ("" for other posts)."""
    turns = getattr(conversation, "turns", None) or []
    return turns[0].opening if turns else ""


def opening_question(conversation) -> str:
    """The question the first turn answers (an interview's first question), else ""."""
    turns = getattr(conversation, "turns", None) or []
    if not turns or not turns[0].question_id:
        return ""
    asked = {question.id: question.text for question in getattr(conversation, "questions", None) or []}
    return asked.get(turns[0].question_id, "")


def part_label(series) -> tuple[str, str]:
    """("Part n of N", series name) when the series plugin gave a usable dict."""
    if not isinstance(series, dict):
        return "", ""
    index, total = series.get("index"), series.get("total")
    if not index:
        return "", ""
    label = f"Part {index} of {total}" if total else f"Part {index}"
    return label, str(series.get("name") or "")


def make_digest(*, title: str, url: str, authors: list[str], date: dt.datetime, summary_html: str | None,
                first_paragraph_html: str = "", opening_turn_html: str = "", opening_question_html: str = "",
                series=None) -> Digest:
    """``summary_html`` is the post's own ``Summary:`` (None without one); the other
    fragments are what the reader recorded, their ``{filename}`` links resolved."""
    summary = inline_html(summary_html, url) if summary_html else ""
    if not summary:
        summary = inline_html(first_paragraph_html, url)
    label, series_name = part_label(series)
    return Digest(title=title, url=url, authors=list(authors), date=date, summary_html=summary,
                  first_turn_html=inline_html(opening_turn_html, url),
                  first_question_html=inline_html(opening_question_html, url) if opening_turn_html else "",
                  part_label=label, series_name=series_name)
