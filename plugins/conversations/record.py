"""Turn an arrangement into the conversation record plugins read (``post_records``).

Runs on the finished tree, after inline markup, attribute lists and heading ids, so
the recorded HTML is exactly what the post's HTML holds.
"""

from __future__ import annotations

import copy
import re
import xml.etree.ElementTree as etree

from markdown.extensions.toc import remove_fnrefs
from markdown.util import HTML_PLACEHOLDER_RE

from service_voices.markdown_records import inner_html
from service_voices.post_records import Conversation, Question, Turn

from .arrange import Arrangement


def _add_text(parent: etree.Element, position: int, text: str | None) -> None:
    """Add text just before the child at ``position`` (at the end when it is the last position)."""
    if not text:
        return
    if position == 0:
        parent.text = (parent.text or "") + text
    else:
        before = parent[position - 1]
        before.tail = (before.tail or "") + text


def _unwrap(parent: etree.Element, child: etree.Element) -> None:
    """Put the child's text and children in its place, keeping their order."""
    index = list(parent).index(child)
    _add_text(parent, index, child.text)
    children = list(child)
    parent.remove(child)
    for offset, grandchild in enumerate(children):
        parent.insert(index + offset, grandchild)
    _add_text(parent, index + len(children), child.tail)


def _question_text(heading: etree.Element) -> etree.Element:
    """A copy of a question heading without its number."""
    text = copy.deepcopy(heading)
    number = text[0] if len(text) and text[0].get("class") == "interview-question__number" else None
    if number is not None:
        text.remove(number)
        text.text = (text.text or "") + (number.tail or "").lstrip()
    return text


# An author's own <a …> or </a>, which Markdown keeps aside as one raw tag.
_RAW_LINK_TAG = re.compile(r"\s*</?a(?:\s[^>]*)?>\s*\Z", re.IGNORECASE)


def _contents_text(text: etree.Element, md) -> etree.Element:
    """The question text for a list entry of its own: no links, footnote marks or ids."""
    plain = copy.deepcopy(remove_fnrefs(text))
    for parent in list(plain.iter()):
        for child in list(parent):
            if child.tag == "a":
                _unwrap(parent, child)

    def without_raw_link(match: re.Match) -> str:
        raw = md.htmlStash.rawHtmlBlocks[int(match.group(1))]
        return "" if isinstance(raw, str) and _RAW_LINK_TAG.match(raw) else match.group(0)

    for element in plain.iter():
        if element is not plain:
            element.attrib.pop("id", None)
        element.text = HTML_PLACEHOLDER_RE.sub(without_raw_link, element.text) if element.text else element.text
        element.tail = HTML_PLACEHOLDER_RE.sub(without_raw_link, element.tail) if element.tail else element.tail
    return plain


def _without_turn_time(paragraph: etree.Element) -> etree.Element:
    """A copy without the transcript time: an excerpt (an email, say) quotes the words."""
    plain = copy.deepcopy(paragraph)
    for stamp in [child for child in plain if child.get("class") == "turn__time"]:
        index = list(plain).index(stamp)
        plain.remove(stamp)
        rest = (stamp.tail or "").lstrip()
        if index:
            before = plain[index - 1]
            before.tail = f"{(before.tail or '').rstrip()} {rest}" if rest else (before.tail or "").rstrip() or None
        else:
            plain.text = f"{(plain.text or '').rstrip()} {rest}".lstrip() or None
    return plain


def _opening(turn: etree.Element, md) -> str:
    first = turn[0] if len(turn) else None
    return inner_html(_without_turn_time(first), md) if first is not None and first.tag == "p" else ""


def record_conversation(layout: str, arrangement: Arrangement, md) -> Conversation:
    questions = []
    for number, heading in enumerate(arrangement.questions, start=1):
        text = _question_text(heading)
        questions.append(Question(id=heading.get("id", f"q{number}"), number=number, text=inner_html(text, md),
                                  toc_text=inner_html(_contents_text(text, md), md)))
    turns = [Turn(speaker=turn.speaker, html=inner_html(turn.element, md), opening=_opening(turn.element, md),
                  question_id=turn.question.get("id") if turn.question is not None else None)
             for turn in arrangement.turns]
    return Conversation(layout=layout, questions=questions, turns=turns)
