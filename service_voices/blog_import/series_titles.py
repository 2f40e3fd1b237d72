"""Recognise series from titles that share a stem and carry a part marker.

"Customer Service 4 – Flexibility", "The 5 W's of Great!! Service – When",
"Onboarding, Part 2: The First Week". A stem is a series only when two or more
imported posts share it; a number becomes ``Series_index`` unless two parts claim it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

_WORD_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                 "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "first": 1, "second": 2, "third": 3,
                 "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10}
_ROMAN = re.compile(r"^[IVX]+$")
_NUMBER = r"\d{1,3}|[IVX]{1,5}|" + "|".join(_WORD_NUMBERS)
_DASH = r"(?:\s+[–—-]\s+|\s*[–—]\s*)"
_PATTERNS = [
    # "Stem, Part 2: subtitle", "Stem (Part II)", "Stem – Episode 3"
    re.compile(rf"^(?P<stem>.+?)[\s,:(–—-]+(?:part|pt\.?|episode|ep\.?|no\.?|#)\s*(?P<n>{_NUMBER})\b\)?"
               rf"(?:\s*[:–—-].*)?$", re.IGNORECASE),
    # "Customer Service 4 – Flexibility", "Customer Service 1: Listening"
    re.compile(rf"^(?P<stem>.+?)\s+(?P<n>\d{{1,3}})(?:\s*:\s+|{_DASH})\S.*$"),
    # "Stem (2)"
    re.compile(r"^(?P<stem>.+?)\s*\((?P<n>\d{1,3})\)$"),
    # "The 5 W's of Great!! Service – When": a dash and a short subtitle, no number
    re.compile(rf"^(?P<stem>.+?){_DASH}(?P<sub>\S.{{0,40}})$"),
]


@dataclass(frozen=True)
class Part:
    key: str  # which post (any id the caller uses)
    series: str
    index: int | None


def _number(text: str | None) -> int | None:
    if not text:
        return None
    if text.isdigit():
        return int(text)
    if text.lower() in _WORD_NUMBERS:
        return _WORD_NUMBERS[text.lower()]
    if _ROMAN.match(text.upper()):
        total, previous = 0, 0
        for char in reversed(text.upper()):
            value = {"I": 1, "V": 5, "X": 10}[char]
            total += -value if value < previous else value
            previous = max(previous, value)
        return total
    return None


def _normal(stem: str) -> str:
    return " ".join(stem.replace("’", "'").replace("‘", "'").casefold().split())


def _candidates(title: str) -> list[tuple[str, int | None]]:
    found = []
    for pattern in _PATTERNS:
        match = pattern.match(title.strip())
        if match:
            stem = match.group("stem").strip().rstrip(",:;–—- ").strip()
            if len(stem.split()) >= 2 or (len(stem) >= 6 and "n" in match.groupdict()):
                found.append((stem, _number(match.groupdict().get("n"))))
    return found


def find_series(titles: list[tuple[str, str]]) -> tuple[list[Part], list[str]]:
    """``titles``: (key, title) in date order. Returns the parts found and notes for the report."""
    options = {key: _candidates(title) for key, title in titles}
    members: dict[str, set[str]] = defaultdict(set)
    for key, found in options.items():
        for stem, _ in found:
            members[_normal(stem)].add(key)
    chosen: dict[str, tuple[str, int | None]] = {}
    for key, found in options.items():
        shared = [(len(members[_normal(stem)]), number is not None, stem, number) for stem, number in found
                  if len(members[_normal(stem)]) >= 2]
        if shared:
            _, _, stem, number = max(shared, key=lambda option: (option[0], option[1]))
            chosen[key] = (stem, number)
    groups: dict[str, list[str]] = defaultdict(list)
    for key, _ in titles:
        if key in chosen:
            groups[_normal(chosen[key][0])].append(key)
    parts, notes = [], []
    for keys in groups.values():
        if len(keys) < 2:
            continue
        name = chosen[keys[0]][0]  # as the oldest part spells it
        numbers = [chosen[key][1] for key in keys]
        repeated = {n for n in numbers if n is not None and numbers.count(n) > 1}
        if repeated:
            notes.append(f'series "{name}": part number(s) {sorted(repeated)} appear twice, so those parts '
                         "have no Series_index and are ordered by date")
        for key in keys:
            number = chosen[key][1]
            parts.append(Part(key, name, None if number in repeated else number))
    return parts, notes
