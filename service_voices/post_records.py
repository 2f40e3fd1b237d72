"""What the Markdown reader records about each post, handed to plugins as data.

The reader (``markdown_reader``) puts these into a post's metadata, so Pelican sets
them as attributes: ``article.headings``, ``article.first_paragraph`` and, for an
interview or dialogue, ``article.conversation``. Plugins and templates read them
there instead of parsing the rendered HTML back (README, "Plugin contracts").

Plain dataclasses of strings and numbers: Pickle keeps them in Pelican's content
cache along with the rest of what the reader returned.
"""

from __future__ import annotations

from dataclasses import dataclass, field

INTERVIEW = "interview"
DIALOGUE = "dialogue"


@dataclass(frozen=True)
class Heading:
    level: int  # 2 for "##"
    id: str  # every heading has one: the reader keeps the toc extension on
    text: str  # plain text, entities decoded, footnote marks left out
    html: str  # the heading's inner HTML, footnote marks left out


@dataclass(frozen=True)
class Question:
    id: str  # "q1", "q2", …: stable anchors
    number: int
    text: str  # inner HTML of the question heading, without its number
    # The same without links, footnote marks and ids, so it can sit inside a link of
    # its own (in the "In this interview" list): links may not nest, ids may not repeat.
    toc_text: str


@dataclass(frozen=True)
class Turn:
    speaker: str  # the label, or the interviewee; "" for an interview without one
    html: str  # the blocks of the turn or answer, as they are in the post
    opening: str  # inner HTML of its first paragraph, the bold label included
    question_id: str | None = None  # the question an interview answer answers


@dataclass
class Conversation:
    layout: str  # INTERVIEW or DIALOGUE
    questions: list[Question] = field(default_factory=list)
    turns: list[Turn] = field(default_factory=list)

    @property
    def is_interview(self) -> bool:
        return self.layout == INTERVIEW
