"""Order the parts of a series and spot authoring mistakes; no Pelican imports."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Part:
    """One published (or previewed) part: the article or page plus what orders it."""

    item: object
    source: str  # the file, as shown in messages
    date: datetime | None = None
    index: int | None = None  # a valid Series_index, else None


def parse_index(raw) -> tuple[int | None, str | None]:
    """``(index, None)`` for a usable Series_index, ``(None, problem)`` otherwise.

    A missing value is not a problem: the part is then ordered by date.
    """
    if raw is None:
        return None, None
    if isinstance(raw, int) and not isinstance(raw, bool):
        return raw, None
    text = str(raw).strip()
    if re.fullmatch(r"[+-]?\d+", text):
        return int(text), None
    return None, f"Series_index {text!r} is not a whole number; the part is ordered by date instead"


def _date_key(part: Part) -> tuple:
    # Undated parts (pages often have no date) go after dated ones in their group;
    # the file name breaks ties so the order never depends on reading order.
    if part.date is None:
        return (1, 0.0, part.source)
    return (0, part.date.timestamp(), part.source)


def order_parts(parts: Iterable[Part]) -> list[Part]:
    """Parts with an index first, numerically (10 after 9), then the rest by date."""
    parts = list(parts)
    indexed = sorted((p for p in parts if p.index is not None), key=lambda p: (p.index, _date_key(p)))
    dated = sorted((p for p in parts if p.index is None), key=_date_key)
    return indexed + dated


def duplicate_indexes(parts: Iterable[Part]) -> list[tuple[int, list[str]]]:
    """Each Series_index used by more than one part, with those parts' files in order."""
    by_index: dict[int, list[Part]] = defaultdict(list)
    for part in parts:
        if part.index is not None:
            by_index[part.index].append(part)
    return [
        (index, [p.source for p in sorted(group, key=_date_key)])
        for index, group in sorted(by_index.items())
        if len(group) > 1
    ]


def name_key(name: str) -> str:
    """What two series names share when they differ only in case or spacing."""
    return "".join(name.split()).casefold()


def similar_names(names: Iterable[str]) -> list[list[str]]:
    """Groups of distinct names that differ only in case or spacing."""
    groups: dict[str, set[str]] = defaultdict(set)
    for name in names:
        groups[name_key(name)].add(name)
    return [sorted(group) for _, group in sorted(groups.items()) if len(group) > 1]


def title_key(title: str) -> str:
    """Compare a planned title with a published one, forgiving case, spacing and quote style."""
    title = re.sub(r"<[^>]+>", "", title)
    title = title.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    return " ".join(title.split()).casefold()


def remaining_planned(planned: Iterable[str], published_titles: Iterable[str]) -> list[str]:
    """Planned titles not yet published: a part drops off the plan once it goes out."""
    done = {title_key(t) for t in published_titles}
    return [title for title in planned if title_key(title) not in done]
