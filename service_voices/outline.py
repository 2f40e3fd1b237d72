"""Sections and subsections from a post's recorded headings.

The one nesting rule behind reading_aids' contents list and a white paper's
contents: ``##`` headings at the top, each holding the ``###`` headings after it. A
``###`` before any ``##`` stays at the top rather than being lost.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from .post_records import Heading

SECTION, SUBSECTION = 2, 3


@dataclass
class OutlineEntry:
    level: int
    id: str
    text: str  # plain text
    children: list[OutlineEntry] = field(default_factory=list)

    # The names the theme's templates have always used: contents lists link to
    # ``entry.anchor``, a white paper's contents show ``section.title``.
    @property
    def anchor(self) -> str:
        return self.id

    @property
    def title(self) -> str:
        return self.text


def section_headings(headings: Iterable[Heading]) -> list[Heading]:
    """The ``##`` and ``###`` headings, in reading order; one without words (an image
    alone, say) would make an empty link, so it stays out."""
    return [heading for heading in headings if heading.level in (SECTION, SUBSECTION) and heading.text.strip()]


def outline(headings: Iterable[Heading]) -> list[OutlineEntry]:
    top: list[OutlineEntry] = []
    for heading in section_headings(headings):
        entry = OutlineEntry(heading.level, heading.id, heading.text)
        if entry.level == SUBSECTION and top and top[-1].level == SECTION:
            top[-1].children.append(entry)
        else:
            top.append(entry)
    return top
