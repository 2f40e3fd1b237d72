"""Markers that almost match: the paragraphs that would silently put words under the wrong name.

A turn typed ``jeremy:``, ``Jermey:`` or ``Jeremy Cole:`` for the declared speaker
``Jeremy`` is not a turn: the paragraph joins the previous speaker's turn. In an
interview, ``- Q:`` in a list item is not a question, and an ``A:`` on a later answer
paragraph stays in the text. These checks read the post's Markdown source, so every
finding has its line. No Pelican and no Markdown imports.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

# A paragraph opening with a short label and a colon, bold or not.
_LABEL_START = re.compile(r"^(?:\*\*|__)?(?P<label>[^\s:*_][^:*_\n]{0,39}?)(?:\*\*|__)?:(?:\*\*|__)?(?:\s|$)")
_LIST_QUESTION = re.compile(r"^\s{0,3}(?:[-*+]|\d+[.)])\s+(?:\*\*|__)?[QA](?:\*\*|__)?:(?:\*\*|__)?(?:\s|$)")
_QUESTION = re.compile(r"^(?:\*\*|__)?Q(?:\*\*|__)?:(?:\*\*|__)?(?:\s|$)")
_ANSWER = re.compile(r"^(?:\*\*|__)?A(?:\*\*|__)?:(?:\*\*|__)?(?:\s|$)")
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_RULE = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")


@dataclass(frozen=True)
class Paragraph:
    line: int
    text: str  # its first line, stripped


def paragraphs(text: str) -> list[Paragraph]:
    """The first line of each body paragraph, outside code blocks, after the header."""
    lines = text.splitlines()
    number = 0
    # The header runs to the first blank line (a YAML-fenced one to its closing fence).
    if lines and lines[0].strip() == "---":
        number = next((i + 1 for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), len(lines))
    else:
        number = next((i for i, line in enumerate(lines) if not line.strip()), len(lines))
    found, fenced, starting = [], False, True
    for index in range(number, len(lines)):
        line = lines[index]
        if _FENCE.match(line):
            fenced = not fenced
            starting = False
            continue
        if fenced:
            continue
        if not line.strip():
            starting = True
            continue
        if starting and not line.startswith(("    ", "\t")):
            found.append(Paragraph(index + 1, line.strip()))
        starting = False
    return found


def _probably_meant(label: str, speakers: list[str]) -> str | None:
    if label in speakers:
        return None
    for speaker in speakers:
        if label.casefold() == speaker.casefold():
            return speaker
    for speaker in speakers:
        # "Jeremy Cole:" for the declared "Jeremy".
        if label.casefold().startswith(speaker.casefold() + " ") and len(label.split()) == len(speaker.split()) + 1:
            return speaker
    close = difflib.get_close_matches(label.casefold(), [s.casefold() for s in speakers], n=1, cutoff=0.75)
    if close:
        return next(s for s in speakers if s.casefold() == close[0])
    return None


def dialogue_near_misses(text: str, speakers: list[str]) -> list[tuple[int, str]]:
    """``(line, message)`` for paragraphs that look like a turn of a declared speaker but are not."""
    found = []
    for paragraph in paragraphs(text):
        match = _LABEL_START.match(paragraph.text)
        if match is None:
            continue
        label = match.group("label").strip()
        meant = _probably_meant(label, speakers)
        if meant:
            found.append((paragraph.line, f"'{label}:' is not a declared speaker, so this paragraph joins the "
                                          f"previous turn; did you mean '{meant}:'? (labels must match "
                                          "Speakers: exactly)"))
    return found


def interview_near_misses(text: str) -> list[tuple[int, str]]:
    """``(line, message)`` for Q:/A: markers that will not do what they seem to."""
    found = []
    items = paragraphs(text)
    for position, paragraph in enumerate(items):
        if _LIST_QUESTION.match(paragraph.text):
            found.append((paragraph.line, "a Q:/A: marker inside a list item is not read as one; "
                                          "start the paragraph with Q: (not '- Q:')"))
            continue
        previous = items[position - 1].text if position else ""
        if _ANSWER.match(paragraph.text) and not _QUESTION.match(previous):
            found.append((paragraph.line, "A: on a later answer paragraph stays in the text; only the first "
                                          "paragraph after a question may start with A:"))
        if _QUESTION.match(paragraph.text):
            following = items[position + 1].text if position + 1 < len(items) else ""
            if not following or _QUESTION.match(following) or _RULE.match(following):
                found.append((paragraph.line, "this question has no answer before the next question"))
    return found
