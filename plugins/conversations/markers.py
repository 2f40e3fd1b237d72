"""Recognise the paragraph markers authors type: ``Q:``, ``A:`` and ``Label:``.

These work on the raw Markdown text of a paragraph (before inline markup is
processed), so ``**Jenny:**`` is still four asterisks and a label here. No Pelican
and no Markdown imports: plain strings in, plain strings out.
"""

from __future__ import annotations

import re

QUESTION = "Q"
ANSWER = "A"


def split_labels(raw: str) -> list[str]:
    """Split a ``Speakers:`` value into labels, keeping their declared order.

    Commas separate labels, or semicolons when a label itself holds a comma, the
    same rule as ``Authors:``. Empty items and repeats are dropped.
    """
    separator = ";" if ";" in raw else ","
    labels: list[str] = []
    for item in raw.split(separator):
        label = " ".join(item.split())
        if label and label not in labels:
            labels.append(label)
    return labels


def _marker_pattern(label: str) -> re.Pattern:
    name = re.escape(label)
    # "Label:", "**Label:**", "**Label**:", and the same with underscores; the
    # marker must be followed by white space or end the paragraph, so a word such
    # as "Q:uick" or a URL scheme never counts.
    forms = [rf"{name}:"] + [rf"{d}{name}:{d}|{d}{name}{d}:" for d in (r"\*\*", "__")]
    return re.compile(rf"(?:{'|'.join(forms)})(?:\s+|$)")


def strip_marker(text: str | None, label: str) -> str | None:
    """The paragraph text after a leading ``label:`` marker, or None without one."""
    if not text:
        return None
    match = _marker_pattern(label).match(text)
    if match is None:
        return None
    return text[match.end():]


def question_text(text: str | None) -> str | None:
    """The question of a ``Q:`` paragraph (None if it is not one, or is empty)."""
    rest = strip_marker(text, QUESTION)
    return rest if rest and rest.strip() else None


def without_answer_marker(text: str | None) -> str | None:
    """Paragraph text with an optional leading ``A:`` removed."""
    rest = strip_marker(text, ANSWER)
    return text if rest is None else rest


def turn_start(text: str | None, labels: list[str]) -> tuple[str, str] | None:
    """``(label, rest of the text)`` when the paragraph opens a declared speaker's turn.

    Longer labels are tried first so that "Ana Ruiz:" is not read as the turn of a
    speaker called "Ana".
    """
    for label in sorted(labels, key=len, reverse=True):
        rest = strip_marker(text, label)
        if rest is not None:
            return label, rest
    return None
