"""What a white paper is made of, worked out from its metadata and recorded headings.

No Pelican imports: the sections, the citation and the checks are plain functions
over strings and lists, so they test on their own.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from service_voices.names import join_names
from service_voices.outline import OutlineEntry

_TAG = re.compile(r"<[^>]+>")

# What templates iterate over in ``article.paper_sections``: ``section.id``,
# ``section.title``, ``section.children``.
Section = OutlineEntry


@dataclass(frozen=True)
class Citation:
    authors: str  # "A, B and C"
    year: str
    title: str
    site_name: str
    url: str

    @property
    def text(self) -> str:
        return f"{self.authors} ({self.year}). {self.title}. {self.site_name}. {self.url}"


def front_matter_problems(metadata: dict) -> list[str]:
    """Why a post that asks for ``Layout: whitepaper`` cannot be one; empty when fine.

    ``metadata`` is the post's own front matter: a site-wide default author does not
    count as the paper's authors, and a summary cut from the body is not an abstract.
    """
    problems = []
    if not (metadata.get("authors") or metadata.get("author")):
        problems.append("a white paper needs an 'Authors:' line naming every co-author")
    if not str(metadata.get("summary", "")).strip():
        problems.append("a white paper needs a 'Summary:' line with its abstract")
    return problems


def citation(authors: list[str], year: int | str, title: str, site_name: str, url: str) -> Citation:
    return Citation(join_names(authors), str(year), plain_text(title), site_name, url)


def plain_text(fragment: str) -> str:
    return " ".join(html.unescape(_TAG.sub("", fragment)).split())


def human_size(size: int) -> str:
    """File size as readers see it on a download link: "820 bytes", "148 KB", "2.4 MB"."""
    if size < 1000:
        return f"{size} bytes"
    if size < 1_000_000:
        return f"{round(size / 1000)} KB"
    return f"{size / 1_000_000:.1f} MB"
