"""Rearrange a parsed Markdown document into an interview or a dialogue.

Works on the ElementTree that Python-Markdown builds, after the block parser and
before inline markup is processed. Only top-level paragraphs can carry a marker:
lists, block quotes, code and raw HTML are nested or stashed away by then, which is
exactly why markers inside them never count.

The result is plain semantic HTML that reads well without any stylesheet:

- interview: ``<h2 id="q1" class="interview-question"><span …>1.</span> text</h2>``
  followed by ``<div class="interview-answer" data-speaker="Name">`` whose first
  paragraph opens with ``<b class="speaker-label">Name:</b>``;
- dialogue: one ``<div class="turn turn--N" data-speaker="Label" data-initials="JP">``
  per turn, its first paragraph opening with ``<b class="speaker-label">Label:</b>``.
  Outside transcripts, every second speaker's turns also carry ``data-side="other"``
  (the theme sets them on the other side). In a transcript (a post with ``Thread:``) a handle label reads
  ``@handle:``, and a turn may open with its time, ``[12:04](https://…)`` or
  ``[12:04]``, which becomes ``<a class="turn__time" href="…"><time>12:04</time></a>``.

A ``---`` rule ends the open answer or turn and stays in place.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from dataclasses import dataclass, field

from markdown.util import AtomicString

from service_voices.names import initials

from .markers import question_text, turn_start, without_answer_marker
from .turn_time import TurnTime, leading_turn_time

# How many speakers get a style of their own before the styles repeat.
SPEAKER_STYLES = 3


@dataclass(frozen=True)
class ArrangedTurn:
    speaker: str
    element: etree.Element  # the answer or turn <div>
    question: etree.Element | None = None  # the heading of the question an answer answers


@dataclass
class Arrangement:
    """The elements made, for recording once inline markup and ids are final."""

    questions: list[etree.Element] = field(default_factory=list)  # question headings, in order
    turns: list[ArrangedTurn] = field(default_factory=list)


def _label(name: str) -> etree.Element:
    bold = etree.Element("b", {"class": "speaker-label"})
    bold.text = AtomicString(f"{name}:")
    return bold


def _time_element(when: TurnTime) -> etree.Element:
    holder = etree.Element("a", {"class": "turn__time", "href": when.url}) if when.url else \
        etree.Element("span", {"class": "turn__time"})
    shown = etree.SubElement(holder, "time", {"datetime": when.datetime}) if when.datetime else holder
    shown.text = AtomicString(when.text)
    return holder


def _open_paragraph_with_label(paragraph: etree.Element, name: str, rest: str | None,
                               when: TurnTime | None = None) -> None:
    label = _label(name)
    label.tail = f" {rest}" if rest else None
    paragraph.text = None
    paragraph.insert(0, label)
    if when is not None:
        stamp = _time_element(when)
        stamp.tail = label.tail
        label.tail = " "
        paragraph.insert(1, stamp)


def speaker_names(speakers: list[str], authors: list[str]) -> dict[str, str]:
    """Each label's full name when it is an author's name or first name ("Jenny" ->
    "Jenny Park"), else the label itself; an ambiguous first name stays the label."""
    names = {}
    for label in speakers:
        matches = [author for author in authors if author == label or author.split()[:1] == [label]]
        names[label] = matches[0] if len(matches) == 1 else label
    return names


def shown_label(label: str, thread: bool) -> str:
    """A handle reads "@handle" in a transcript; a name with spaces stays as typed."""
    if thread and not label.startswith("@") and not any(char.isspace() for char in label):
        return f"@{label}"
    return label


def _is_rule(element: etree.Element) -> bool:
    return element.tag == "hr"


def arrange_interview(root: etree.Element, interviewee: str, heading: str = "h2") -> Arrangement:
    result = Arrangement()
    arranged: list[etree.Element] = []
    answers: list[ArrangedTurn] = []
    answer: etree.Element | None = None
    for element in list(root):
        question = question_text(element.text) if element.tag == "p" else None
        if question is not None:
            number = len(result.questions) + 1
            title = etree.Element(heading, {"id": f"q{number}", "class": "interview-question"})
            count = etree.SubElement(title, "span", {"class": "interview-question__number"})
            count.text = AtomicString(f"{number}.")
            count.tail = f" {question.strip()}"
            result.questions.append(title)
            answer = etree.Element("div", {"class": "interview-answer"})
            if interviewee:
                answer.set("data-speaker", interviewee)
            answers.append(ArrangedTurn(interviewee, answer, title))
            arranged += [title, answer]
            continue
        if _is_rule(element):
            answer = None
        if answer is None:
            arranged.append(element)
            continue
        if len(answer) == 0 and interviewee:
            if element.tag == "p":
                _open_paragraph_with_label(element, interviewee, without_answer_marker(element.text))
            else:
                opener = etree.SubElement(answer, "p")
                opener.append(_label(interviewee))
        elif len(answer) == 0 and element.tag == "p":
            element.text = without_answer_marker(element.text)
        answer.append(element)
    # A question with nothing after it gets no empty answer box.
    empty = {id(turn.element) for turn in answers if len(turn.element) == 0}
    root[:] = [element for element in arranged if id(element) not in empty]
    result.turns = [turn for turn in answers if id(turn.element) not in empty]
    return result


def arrange_dialogue(root: etree.Element, speakers: list[str], authors: list[str] = (),
                     thread: bool = False) -> Arrangement:
    result = Arrangement()
    arranged: list[etree.Element] = []
    turn: etree.Element | None = None
    full_names = speaker_names(speakers, list(authors))
    for element in list(root):
        opened = turn_start(element.text, speakers) if element.tag == "p" else None
        if opened is not None:
            label, rest = opened
            place = speakers.index(label)
            turn = etree.Element("div", {"class": f"turn turn--{place % SPEAKER_STYLES + 1}", "data-speaker": label,
                                         "data-initials": initials(full_names[label])})
            # A thread reads top to bottom on one side; a dialogue alternates.
            if place % 2 and not thread:
                turn.set("data-side", "other")
            when, rest = leading_turn_time(rest) if thread else (None, rest)
            _open_paragraph_with_label(element, shown_label(label, thread), rest, when)
            turn.append(element)
            arranged.append(turn)
            result.turns.append(ArrangedTurn(label, turn))
            continue
        if _is_rule(element):
            turn = None
        if turn is None:
            arranged.append(element)
        else:
            turn.append(element)
    root[:] = arranged
    return result


def pin_question_ids(headings: list[etree.Element]) -> None:
    """Give question headings back their ``qN`` ids if an ``{#id}`` attribute list
    replaced them: the anchors are promised to stay stable."""
    for number, heading in enumerate(headings, start=1):
        heading.set("id", f"q{number}")
