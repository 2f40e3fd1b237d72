"""Series files: a description and planned parts, written by authors without code.

A series file is ``Key: value`` lines, a blank line, then optional Markdown::

    Title: Customer Service Basics
    Description: Four habits every new agent needs.
    Planned: Customer Service 5: Recovery
    Planned: Customer Service 6: Saying Sorry
    Parts: 6

No Pelican imports: the caller reads the files and renders the Markdown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

KEYS = ("title", "slug", "description", "planned", "parts")
_KEY_LINE = re.compile(r"^([A-Za-z_][A-Za-z0-9_ -]*?)\s*:\s*(.*)$")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass
class SeriesInfo:
    title: str
    source: str
    slug: str = ""
    description: str = ""
    planned: list[str] = field(default_factory=list)
    parts: int | None = None  # how many parts the whole series has, wherever they are published
    body: str = ""  # Markdown after the header


@dataclass(frozen=True)
class Problem:
    source: str
    line: int | None
    message: str
    severity: str  # "error" or "warning"

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line else self.source
        return f"{where}: {self.message}"


def parse_series_file(text: str, source: str) -> tuple[SeriesInfo | None, list[Problem]]:
    """Read one series file; ``None`` when it has no usable Title."""
    problems: list[Problem] = []
    lines = text.lstrip("\ufeff").splitlines()
    values: dict[str, tuple[int, str]] = {}
    planned: list[str] = []
    body_start = len(lines)
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            body_start = number
            break
        match = _KEY_LINE.match(line)
        if not match:
            problems.append(Problem(source, number, f"expected 'Key: value', got {line.strip()!r}", "error"))
            continue
        key, value = match.group(1).strip().lower(), match.group(2).strip()
        if key not in KEYS:
            problems.append(Problem(source, number, f"unknown key {match.group(1)!r} (expected one of: "
                                    "Title, Slug, Description, Planned, Parts)", "warning"))
        elif key == "planned":
            if value:
                planned.append(value)
            else:
                problems.append(Problem(source, number, "Planned is empty", "warning"))
        else:
            if key in values:
                problems.append(Problem(source, number, f"{match.group(1)} given twice; the last one counts",
                                        "warning"))
            values[key] = (number, value)
    title = values.get("title", (None, ""))[1]
    if not title:
        line = values["title"][0] if "title" in values else None
        problems.append(Problem(source, line, "a series file needs a Title matching the Series: line of its posts",
                                "error"))
        return None, problems
    slug = values.get("slug", (None, ""))[1]
    if slug and not _SLUG.match(slug):
        problems.append(Problem(source, values["slug"][0],
                                f"Slug {slug!r} must be lower-case letters, digits and hyphens; using the title's",
                                "error"))
        slug = ""
    parts = None
    if "parts" in values:
        line, raw = values["parts"]
        if raw.isdigit() and int(raw) > 0:
            parts = int(raw)
        else:
            problems.append(Problem(source, line, f"Parts {raw!r} is not a whole number of parts; ignored",
                                    "error"))
    info = SeriesInfo(
        title=title,
        source=source,
        slug=slug,
        description=values.get("description", (None, ""))[1],
        planned=planned,
        parts=parts,
        body="\n".join(lines[body_start:]).strip(),
    )
    return info, problems


def index_by_title(infos: list[SeriesInfo]) -> tuple[dict[str, SeriesInfo], list[Problem]]:
    """Map each series name to its file; a second file for the same name is reported and ignored."""
    by_title: dict[str, SeriesInfo] = {}
    problems: list[Problem] = []
    for info in infos:
        if info.title in by_title:
            first = by_title[info.title]
            problems.append(Problem(info.source, None, f"series {info.title!r} is already described in "
                                    f"{first.source}; this file is ignored", "warning"))
            continue
        by_title[info.title] = info
    return by_title, problems
