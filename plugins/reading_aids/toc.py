"""A table of contents built from the section headings of rendered post HTML."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

_SECTION_HEADING = re.compile(r"<h[23]\b", re.IGNORECASE)


@dataclass(frozen=True)
class TocEntry:
    level: int  # 2 for h2, 3 for h3
    anchor: str  # the heading's id, linked as "#anchor"
    text: str
    children: list[TocEntry] = field(default_factory=list, compare=False)


class _HeadingCollector(HTMLParser):
    LEVELS = {"h2": 2, "h3": 3}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.entries: list[TocEntry] = []
        self.open: tuple[int, str] | None = None
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.LEVELS and self.open is None:
            anchor = dict(attrs).get("id") or ""
            self.open = (self.LEVELS[tag], anchor)
            self.text = []

    def handle_endtag(self, tag):
        if tag in self.LEVELS and self.open is not None:
            level, anchor = self.open
            text = " ".join("".join(self.text).split())
            # A heading without an id cannot be linked to, so it stays out.
            if anchor and text:
                self.entries.append(TocEntry(level, anchor, text))
            self.open = None

    def handle_data(self, data):
        if self.open is not None:
            self.text.append(data)


def headings(html: str) -> list[TocEntry]:
    collector = _HeadingCollector()
    collector.feed(html or "")
    collector.close()
    return collector.entries


def nest(entries: list[TocEntry]) -> list[TocEntry]:
    """Put each h3 under the h2 before it; an h3 with no h2 before it stays at the top."""
    top: list[TocEntry] = []
    for entry in entries:
        item = TocEntry(entry.level, entry.anchor, entry.text)
        if item.level == 3 and top and top[-1].level == 2:
            top[-1].children.append(item)
        else:
            top.append(item)
    return top


def table_of_contents(html: str, words: int, min_words: int, min_headings: int) -> list[TocEntry]:
    """The nested headings to list, or an empty list when the post is too short to need one."""
    # Most posts are too short or have no section headings: skip parsing those.
    if words < min_words or not _SECTION_HEADING.search(html or ""):
        return []
    entries = headings(html)
    if len(entries) < min_headings:
        return []
    return nest(entries)
