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
    # The part number each published part carries (its Series_index when it has one),
    # parallel to ``parts``; empty means 1, 2, 3... in order.
    numbers: list[int] = field(default_factory=list)
    declared_total: int | None = None  # Parts: in the series file

    def part_numbers(self) -> list[int]:
        return self.numbers or list(range(1, len(self.parts) + 1))

    def slots(self) -> list[Slot]:
        """Every part number from 1 to the total: a published part, a planned title, or neither."""
        return series_slots(self.part_numbers(), self.parts, self.planned, self.declared_total)

    @property
    def total(self) -> int:
        return len(self.slots())


@dataclass(frozen=True)
class Slot:
    number: int
    part: object = None  # the published article or page with this number
    planned: str = ""  # a planned title, not yet published
    # Neither: this part of the series is not published on this site.


def assign_numbers(indexes: list[int | None]) -> list[int]:
    """The number readers see for each part, in series order.

    An explicit Series_index is the number; a part without one (or repeating a number
    an earlier part has, which is warned about) takes the next number after the part
    before it that is not taken yet.
    """
    taken = {index for index in indexes if index is not None and index > 0}
    numbers, last, used = [], 0, set()
    for index in indexes:
        if index is not None and index > 0 and index not in used:
            number = index
        else:
            number = last + 1
            while number in taken:
                number += 1
            taken.add(number)
        used.add(number)
        numbers.append(number)
        last = number
    return numbers


def series_slots(numbers: list[int], parts: list, planned: list[str], declared_total: int | None) -> list[Slot]:
    """Numbers 1..total, where total is the largest of the highest number, the count of
    parts and planned parts, and the series file's Parts: line."""
    by_number = {}
    for number, part in zip(numbers, parts):
        by_number.setdefault(number, part)
    highest = max(numbers, default=0)
    planned_numbers = list(range(highest + 1, highest + 1 + len(planned)))
    total = max([highest + len(planned), len(parts) + len(planned), declared_total or 0])
    planned_by_number = dict(zip(planned_numbers, planned))
    return [Slot(number, by_number.get(number), planned_by_number.get(number, ""))
            for number in range(1, total + 1)]


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
        "total": record.total,
        "feed": record.feed,
        # Beside the community plugin's keys: the number the author gave this part
        # ("Part 4 of 4"), and every number of the series with what stands there.
        "number": record.part_numbers()[position] if position < len(record.parts) else position + 1,
        "slots": record.slots(),
    }


def navigation_dicts(record: SeriesRecord) -> list[dict]:
    """One dict per published part of ``record``, in series order."""
    ordered = list(record.parts)
    return [part_dict(record, ordered, position) for position in range(len(ordered))]
