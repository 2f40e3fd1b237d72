"""What is wrong with a conversation post, as plain messages; no Pelican imports."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    level: str  # "error" or "warning"
    key: str | None  # the front-matter key whose line the message points at
    message: str


def interview_problems(interviewee: str, question_count: int) -> list[Problem]:
    found = []
    if not interviewee:
        found.append(Problem("error", "layout",
                             "Layout: interview needs an 'Interviewee:' line naming the person interviewed"))
    if question_count == 0:
        found.append(Problem("error", "layout",
                             "Layout: interview has no questions; start each one with a paragraph "
                             "beginning 'Q: '"))
    return found


def dialogue_problems(speakers: list[str], turns: Counter, warn_silent: bool = True) -> list[Problem]:
    if not speakers:
        return [Problem("error", "layout",
                        "Layout: dialogue needs a 'Speakers:' line listing the speaker labels, "
                        "e.g. 'Speakers: Jenny, Jeremy'")]
    if not any(turns.get(label) for label in speakers):
        return [Problem("error", "speakers",
                        f"Layout: dialogue has no turns; start each turn with a paragraph beginning "
                        f"with a declared label, e.g. '{speakers[0]}: '")]
    if not warn_silent:
        return []
    return [Problem("warning", "speakers", f"speaker {label!r} is listed in Speakers: but never speaks")
            for label in speakers if not turns.get(label)]
