"""Turn a post into the few lines an issue shows about it; no Pelican imports."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from urllib.parse import urljoin

from bs4 import BeautifulSoup, NavigableString, Tag

# Markup that reads the same in every mail client; everything else is unwrapped.
INLINE_TAGS = {"a", "b", "strong", "i", "em", "code", "br", "abbr", "cite", "q", "small", "sub", "sup"}
CONVERSATION_LAYOUTS = {"interview", "dialogue"}
SPEAKER_TAGS = {"b", "strong"}
_PARAGRAPH = re.compile(r"<p\b[^>]*>.*?</p\s*>", re.IGNORECASE | re.DOTALL)
_RAW_TEXT = re.compile(r"<!--|<!\[CDATA\[|<(?:script|style|textarea|title|xmp|plaintext)\b", re.IGNORECASE)


@dataclass
class Digest:
    title: str
    url: str  # absolute
    authors: list[str]
    date: dt.datetime
    summary_html: str  # inline markup only
    first_turn_html: str = ""  # the opening exchange of an interview or dialogue, label kept
    part_label: str = ""  # "Part 2 of 4"
    series_name: str = ""


def _paragraph_is_text(paragraph: Tag) -> bool:
    return bool(paragraph.get_text(strip=True))


def inline_html(node: Tag, base_url: str) -> str:
    """The node's children as inline-only HTML with absolute links."""
    fragment = BeautifulSoup(node.decode_contents(), "html.parser")
    for tag in fragment.find_all(True):
        if tag.name not in INLINE_TAGS:
            tag.unwrap()
            continue
        href = tag.get("href") if tag.name == "a" else None
        tag.attrs = {}
        if href:
            tag["href"] = urljoin(base_url, href)
    return str(fragment).strip()


def first_paragraph(content_html: str) -> Tag | None:
    """The first paragraph with any text in it."""
    content_html = content_html or ""
    if not _RAW_TEXT.search(content_html):
        # As in first_turn: parse one paragraph at a time and stop at the first with text.
        for match in _PARAGRAPH.finditer(content_html):
            paragraph = BeautifulSoup(match.group(0), "html.parser").p
            if paragraph is not None and _paragraph_is_text(paragraph):
                return paragraph
        if "<p" not in content_html.lower():
            return None
    # Inside a comment or script "<p>" is not a tag, and an unclosed <p> escapes the
    # pattern: those rare posts get the full parse, which knows.
    soup = BeautifulSoup(content_html, "html.parser")
    return next((p for p in soup.find_all("p") if _paragraph_is_text(p)), None)


def starts_with_speaker(paragraph: Tag) -> bool:
    for child in paragraph.children:
        if isinstance(child, NavigableString):
            if child.strip():
                return False
            continue
        return child.name in SPEAKER_TAGS and bool(child.get_text(strip=True))
    return False


def first_turn(content_html: str) -> Tag | None:
    """The first paragraph that opens with a bold speaker label."""
    # Paragraphs never nest, so each one parses on its own; the first turn is near the
    # top, and parsing stops there instead of building the whole post.
    for match in _PARAGRAPH.finditer(content_html or ""):
        paragraph = BeautifulSoup(match.group(0), "html.parser").p
        if paragraph is not None and starts_with_speaker(paragraph):
            return paragraph
    return None


def part_label(series) -> tuple[str, str]:
    """("Part n of N", series name) when the series plugin gave a usable dict."""
    if not isinstance(series, dict):
        return "", ""
    index, total = series.get("index"), series.get("total")
    if not index:
        return "", ""
    label = f"Part {index} of {total}" if total else f"Part {index}"
    return label, str(series.get("name") or "")


def digest_texts(*, url: str, summary_html: str | None, content_html: str, layout: str = "") -> tuple[str, str]:
    """The summary (or first paragraph) and, for conversations, the first turn, as inline HTML.

    The slow part of a digest: it parses the post. Everything else is copied from the post.
    """
    summary = ""
    if summary_html:
        soup = BeautifulSoup(summary_html, "html.parser")
        holder = soup.find("p") or soup
        summary = inline_html(holder, url)
    if not summary:
        paragraph = first_paragraph(content_html)
        summary = inline_html(paragraph, url) if paragraph is not None else ""
    turn = ""
    if (layout or "").lower() in CONVERSATION_LAYOUTS:
        paragraph = first_turn(content_html)
        if paragraph is not None:
            turn = inline_html(paragraph, url)
    return summary, turn


def make_digest(*, title: str, url: str, authors: list[str], date: dt.datetime, summary_html: str | None,
                content_html: str, layout: str = "", series=None,
                texts: tuple[str, str] | None = None) -> Digest:
    """``texts`` is a previous build's digest_texts() for the same inputs, if there is one."""
    if texts is None:
        texts = digest_texts(url=url, summary_html=summary_html, content_html=content_html, layout=layout)
    summary, turn = texts
    label, series_name = part_label(series)
    return Digest(title=title, url=url, authors=list(authors), date=date, summary_html=summary,
                  first_turn_html=turn, part_label=label, series_name=series_name)
