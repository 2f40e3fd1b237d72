"""What a white paper is made of, worked out from its metadata and HTML.

No Pelican imports: the outline, the citation and the checks are plain functions
over strings and lists, so they test on their own.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from service_voices.names import join_names
from service_voices.slugs import slugify

# Markdown renders "## Title" as <h2>; the toc extension adds an id attribute.
_HEADING = re.compile(r"<h([23])(\s[^>]*)?>(.*?)</h\1>", re.DOTALL | re.IGNORECASE)
_ID_ATTR = re.compile(r"""\bid\s*=\s*(["'])(.*?)\1""", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")


@dataclass
class Section:
    level: int  # 2 for "##", 3 for "###"
    id: str
    title: str  # plain text
    children: list[Section] = field(default_factory=list)


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


def outline(content: str) -> tuple[str, list[Section]]:
    """Find the ``##`` and ``###`` sections of a paper's HTML.

    Returns the HTML, with an id added to any heading that lacked one (so every
    contents entry has a target), and the sections: ``##`` at the top level, each
    holding the ``###`` sections under it. A ``###`` before any ``##`` is listed at
    the top level rather than lost.
    """
    taken = {match.group(2) for match in _ID_ATTR.finditer(content)}
    sections: list[Section] = []

    def with_id(match: re.Match) -> str:
        level, attrs, inner = int(match.group(1)), match.group(2) or "", match.group(3)
        title = plain_text(inner)
        found = _ID_ATTR.search(attrs)
        if found:
            anchor = found.group(2)
        else:
            anchor = base = slugify(title, "section")
            number = 1
            while anchor in taken:
                number += 1
                anchor = f"{base}-{number}"
            taken.add(anchor)
            attrs = f'{attrs} id="{anchor}"'
        section = Section(level, anchor, title)
        if level == 3 and sections and sections[-1].level == 2:
            sections[-1].children.append(section)
        else:
            sections.append(section)
        return f"<h{level}{attrs}>{inner}</h{level}>"

    return _HEADING.sub(with_id, content), sections


def human_size(size: int) -> str:
    """File size as readers see it on a download link: "820 bytes", "148 KB", "2.4 MB"."""
    if size < 1000:
        return f"{size} bytes"
    if size < 1_000_000:
        return f"{round(size / 1000)} KB"
    return f"{size / 1_000_000:.1f} MB"


_STATIC_LINK = re.compile(
    r"""(?P<attr>\b(?:src|href)\s*=\s*)(?P<quote>["'])(?:\{static\}|\|static\|)(?P<path>[^"']+)(?P=quote)""",
    re.IGNORECASE)


def detach_missing_static_links(content: str, url_if_missing) -> tuple[str, list[str]]:
    """Turn ``{static}`` links to files that do not exist into plain URLs.

    Pelican stops the whole build on a ``{static}`` link to a missing file; a white
    paper should still build (and its PDF render) without the image. ``url_if_missing``
    takes a link's path and returns the plain URL to use, or None when the file exists.
    Returns the HTML and the missing paths.
    """
    missing = []

    def detach(match: re.Match) -> str:
        url = url_if_missing(match["path"])
        if url is None:
            return match.group(0)
        missing.append(match["path"])
        return f"{match['attr']}{match['quote']}{url}{match['quote']}"

    return _STATIC_LINK.sub(detach, content), missing
