"""What a recogniser answers: a layout with its reason, or why the post stays an article."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Layout:
    name: str  # "interview" or "dialogue"
    reason: str
    metadata: dict[str, str]  # front-matter lines the layout needs (Interviewee, Speakers)
    body: str  # the post's Markdown in the layout's format
    authors: list[str] = field(default_factory=list)  # replaces the post's authors when set


@dataclass
class NotRecognised:
    reason: str
    near: bool  # something looked like the layout; the report should say why it is not
