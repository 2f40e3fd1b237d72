"""The ``series`` dict each part carries into its template; no Pelican imports.

The first seven keys are the ones the community Pelican ``series`` plugin provides,
so a theme written for it works unchanged. The rest serve this site's theme, the
JSON-LD partial and the newsletter.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class SeriesRecord:
    """Everything known about one series in one build."""

    name: str
    slug: str
    url: str  # landing page, relative to the site root ("" when landing pages are off)
    save_as: str  # "" when landing pages are off
    feed: str  # Atom feed path relative to the site root ("" when off)
    parts: list = field(default_factory=list)  # published articles and pages, in order
    planned: list[str] = field(default_factory=list)  # titles not yet published
    description: str = ""
    intro: str = ""  # HTML from the series file's body
    source: str = ""  # the series file, when there is one

    @property
    def total(self) -> int:
        return len(self.parts) + len(self.planned)


def part_dict(record: SeriesRecord, ordered: list, position: int) -> dict:
    """The dict for the part at ``position`` (0-based) of ``ordered``."""
    return {
        "name": record.name,
        "index": position + 1,
        "all": ordered,
        "all_previous": ordered[:position],
        "all_next": ordered[position + 1:],
        "previous": ordered[position - 1] if position > 0 else None,
        "next": ordered[position + 1] if position + 1 < len(ordered) else None,
        "url": record.url,
        "slug": record.slug,
        "description": record.description,
        "planned": list(record.planned),
        "total": len(ordered) + len(record.planned),
        "feed": record.feed,
    }


def navigation_dicts(record: SeriesRecord) -> list[dict]:
    """One dict per published part of ``record``, in series order."""
    ordered = list(record.parts)
    return [part_dict(record, ordered, position) for position in range(len(ordered))]
