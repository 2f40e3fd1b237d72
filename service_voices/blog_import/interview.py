"""Recognise an interview: questions typed as numbered ("1. …?"), bold or "Q:"
paragraphs, each followed by its answer, and the person interviewed.

The result is the interview layout's own format: ``Q:`` paragraphs, the intro
before the first question, and an outro after ``---`` that starts at a rule the
post already had or at a closing thanks addressed to the interviewee.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass

from .markdown_text import to_markdown
from .paragraphs import Block
from .recognition import Layout, NotRecognised
from .rewrite import compose, is_all_bold, raw_text, unwrap_sole_bold, without_prefix

_NUMBER = re.compile(r"\s*(\d{1,2})\s*[.)]\s+(?=\S)")
_MARKER = re.compile(r"\s*Q\d{0,2}\s*[:.]\s+(?=\S)")
_QUESTION_END = re.compile(r"\?[\"'”’)\]*_]*$")
_WORD = r"[A-Z][\w'’-]*\.?"
_NAME = rf"{_WORD}(?:\s+(?:(?:de|van|von|da|di|del|der|la|le)\s+)?{_WORD}){{0,3}}"
_TITLE_NAMES = [
    re.compile(rf"\binterview(?:ing)?\s*(?:with|:|–|—|-)\s*(?:the\s+)?(?P<name>{_NAME})", re.IGNORECASE),
    re.compile(rf"\b(?:questions?\s+(?:for|with)|in conversation with|a conversation with|meet)\s+(?P<name>{_NAME})",
               re.IGNORECASE),
    re.compile(rf"^(?P<name>{_NAME})\s*(?::|–|—|-)\s*.*\binterview\b", re.IGNORECASE),
]
_INTRO_NAMES = [
    re.compile(rf"\b(?:spoke|talked|chatted|sat down|caught up)\s+(?:to|with)\s+(?P<name>{_NAME})"),
    re.compile(rf"\b(?:interviewed|meet|welcome|introducing)\s+(?P<name>{_NAME})", re.IGNORECASE),
    re.compile(rf"^(?P<name>{_NAME})\s+(?:is|was|has|runs|leads|heads|works|joined)\b"),
]
_NOT_NAMES = {"the", "this", "that", "our", "my", "we", "i", "today", "in", "a", "an", "interview", "questions",
              "part", "and", "with", "it", "he", "she", "they", "last", "next", "so"}
_THANKS = re.compile(r"^\W*(?:thank you|thanks|many thanks|our thanks|a big thank you)\b", re.IGNORECASE)


@dataclass(frozen=True)
class _Question:
    index: int
    form: str  # "numbered", "bold" or "marked"
    number: int | None
    markdown: str


def _question(index: int, block: Block) -> _Question | None:
    element = block.element
    if block.kind == "list" and element.name == "ol":
        # WordPress's editor turns a typed "1. " into a one-item list.
        items = element.find_all("li", recursive=False)
        if len(items) == 1 and _QUESTION_END.search(block.text):
            start = element.get("start", "1")
            paragraph = copy.copy(items[0])
            paragraph.name = "p"
            return _Question(index, "numbered", int(start) if start.isdigit() else 1,
                             to_markdown(unwrap_sole_bold(paragraph)))
        return None
    if block.kind != "p":
        return None
    text = raw_text(element)
    marked = without_prefix(element, _MARKER)
    if marked is not None:
        return _Question(index, "marked", None, to_markdown(unwrap_sole_bold(marked)))
    if not _QUESTION_END.search(block.text):
        return None
    numbered = _NUMBER.match(text)
    if numbered:
        # A bold "**1. Question?**" loses its number inside the bold.
        inner = unwrap_sole_bold(copy.copy(element)) if is_all_bold(element) else element
        stripped = without_prefix(inner, _NUMBER)
        return _Question(index, "numbered", int(numbered.group(1)), to_markdown(unwrap_sole_bold(stripped)))
    if is_all_bold(element):
        return _Question(index, "bold", None, to_markdown(unwrap_sole_bold(copy.copy(element))))
    return None


def _clean_name(found: str, text: str) -> str | None:
    words = found.split()
    while words and words[-1].lower() in _NOT_NAMES:
        words.pop()
    if not words or words[0].lower() in _NOT_NAMES:
        return None
    # A title in title case runs on ("Justin Case About Refunds"): keep the longest
    # start of the name that the post itself also uses.
    for end in range(len(words), 1, -1):
        candidate = " ".join(words[:end])
        if end <= 2 or candidate in text:
            return candidate
    return words[0]


def find_interviewee(title: str, intro_text: str, body_text: str) -> tuple[str, str] | None:
    """(name, where it was found) for the person interviewed."""
    for pattern in _TITLE_NAMES:
        match = pattern.search(title)
        if match:
            name = _clean_name(match.group("name").rstrip("."), body_text)
            if name:
                return name, "the title"
    for pattern in _INTRO_NAMES:
        match = pattern.search(intro_text)
        if match:
            name = _clean_name(match.group("name").rstrip("."), body_text)
            if name and len(name.split()) >= 2:
                return name, "the intro"
    return None


def _outro_start(blocks: list[Block], after: int, interviewee: str) -> tuple[int | None, str]:
    first_name = interviewee.split()[0]
    for index in range(after, len(blocks)):
        block = blocks[index]
        if block.kind == "rule":
            return index, "the rule after the last answer"
        if block.kind == "p" and _THANKS.match(block.text) and first_name in block.text and len(block.text) < 200:
            return index, f'closing line "{block.text}"'
    return None, ""


def recognise_interview(title: str, blocks: list[Block]) -> Layout | NotRecognised:
    candidates = [found for index, block in enumerate(blocks) if (found := _question(index, block))]
    if not candidates:
        listed = sum(1 for block in blocks if block.kind == "p" and _NUMBER.match(raw_text(block.element)))
        if listed >= 2:
            return NotRecognised(f"{listed} numbered paragraphs, none of them a question: a numbered list, "
                                 "not an interview", near=True)
        return NotRecognised("no question paragraphs", near=False)
    forms = {form: [q for q in candidates if q.form == form] for form in ("numbered", "marked", "bold")}
    form, questions = max(forms.items(), key=lambda item: len(item[1]))
    titled = re.search(r"\binterview", title, re.IGNORECASE) is not None
    kind = {"numbered": "numbered", "marked": "Q:", "bold": "bold"}[form]
    if len(questions) < 2 or (not titled and (len(questions) < 3 or form == "bold")):
        need = "" if titled else " and no 'Interview' in the title"
        return NotRecognised(f"{len(questions)} {kind} question paragraph(s){need}: not an interview", near=True)
    if form == "numbered":
        numbers = [q.number for q in questions]
        if numbers != list(range(numbers[0], numbers[0] + len(numbers))) or numbers[0] != 1:
            return NotRecognised(f"numbered paragraphs {numbers} do not count 1, 2, 3…: not an interview", near=True)
    strays = [q for q in candidates if q.form == "marked" and q not in questions]
    if strays:
        # The layout reads every "Q:" paragraph as a question, so this one would take the answers after it.
        return NotRecognised(f'"{blocks[strays[0].index].text[:60]}" would start a question of its own: '
                             "left as an article", near=True)
    positions = [q.index for q in questions]
    for here, following in zip(positions, positions[1:] + [len(blocks)]):
        answer = blocks[here + 1:following]
        if not any(block.kind not in ("rule",) for block in answer):
            return NotRecognised(f'question "{blocks[here].text[:60]}" has no answer after it: not an interview',
                                 near=True)
    intro = blocks[:positions[0]]
    intro_text = " ".join(block.text for block in intro)
    body_text = " ".join(block.text for block in blocks)
    found = find_interviewee(title, intro_text, body_text)
    if found is None:
        return NotRecognised(f"{len(questions)} {kind} questions with answers, but no interviewee named in the title "
                             "or the intro: left as an article", near=True)
    interviewee, where = found
    outro, outro_reason = _outro_start(blocks, positions[-1] + 2, interviewee)
    last_answer_end = outro if outro is not None else len(blocks)
    if any(block.kind == "rule" for block in blocks[positions[0]:last_answer_end]):
        return NotRecognised("a horizontal rule inside the answers would end the interview early: "
                             "left as an article", near=True)
    replaced = {q.index: f"Q: {q.markdown}" for q in questions}
    reason = f'{len(questions)} {kind} questions, each followed by its answer; interviewee "{interviewee}" from {where}'
    if outro is not None:
        reason += f"; outro from the {outro_reason}" if "rule" in outro_reason else f"; {outro_reason} as the outro"
    return Layout("interview", reason, {"Interviewee": interviewee}, compose(blocks, replaced, outro))
