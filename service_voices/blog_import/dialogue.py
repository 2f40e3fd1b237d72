"""Recognise a dialogue (two or three names taking turns) or a transcript (handles
addressing each other with @), and write it as the dialogue layout.

The rule that matters most: no sentence may change speaker. A paragraph without a
label belongs to the turn before it, exactly as a reader of the old post would take
it, and any doubt (a name that speaks only once, a rule in the middle) leaves the
post an ordinary article, with the reason in the report.
"""

from __future__ import annotations

import copy
import re
from collections import Counter

from .markdown_text import to_markdown
from .paragraphs import Block, plain_text
from .recognition import Layout, NotRecognised
from .rewrite import compose, raw_text, without_prefix

_NAME_LABEL = r"[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){0,2}"
_HANDLE_LABEL = r"@?[A-Za-z0-9_]{1,30}"
_LABEL = re.compile(rf"\s*(?P<label>{_NAME_LABEL}|{_HANDLE_LABEL})\s*:[ \t\xa0]+(?=\S)")
# Words that label a paragraph without naming a speaker; inside a turn they stay in it.
_NOT_SPEAKERS = {"note", "notes", "update", "updated", "edit", "edited", "ps", "p.s", "p.s.", "pps", "source",
                 "sources", "example", "examples", "tip", "tips", "warning", "important", "disclaimer", "summary",
                 "bonus", "caveat", "answer", "question", "q", "a", "update 2", "related", "via", "credit",
                 "photo", "image", "editor's note", "editors note", "tl;dr", "tldr", "fyi", "hint", "remember"}
_MAX_SPEAKERS = 3
_MAX_TRANSCRIPT_SPEAKERS = 6


def _label_of(block: Block) -> str | None:
    if block.kind != "p":
        return None
    match = _LABEL.match(raw_text(block.element))
    return match.group("label") if match else None


def _is_handle(label: str) -> bool:
    return label.startswith("@") or "_" in label or any(c.isdigit() for c in label) or label[:1].islower()


def _split_lines(blocks: list[Block]) -> list[Block]:
    """A paragraph whose lines start with labels (Blogger types turns as lines) becomes one per turn."""
    result = []
    for block in blocks:
        element = block.element
        breaks = [child for child in element.children if getattr(child, "name", None) == "br"]
        if block.kind != "p" or not breaks:
            result.append(block)
            continue
        lines, current = [], []
        for child in element.children:
            if getattr(child, "name", None) == "br":
                lines.append(current)
                current = []
            else:
                current.append(child)
        lines.append(current)
        groups = []
        for line in lines:
            text = "".join(getattr(node, "text", str(node)) for node in line)
            if not groups or _LABEL.match(text):
                groups.append([line])
            else:
                groups[-1].append(line)
        if sum(1 for group in groups if _LABEL.match("".join(getattr(n, "text", str(n)) for n in group[0]))) < 2:
            result.append(block)
            continue
        for group in groups:
            paragraph = copy.copy(element)
            paragraph.clear()
            for number, line in enumerate(group):
                if number:
                    paragraph.append(copy.copy(breaks[0]))
                for node in line:
                    paragraph.append(copy.copy(node))
            result.append(Block("p", paragraph, plain_text(paragraph)))
    return result


def _authors_named(intro: str, speakers: list[str], profiles: dict[str, str]) -> list[str]:
    """Profile names of the speakers when the intro names them as the writers ("Jenny and Jeremy discuss…")."""
    if not all(label in profiles for label in speakers):
        return []
    names = [re.escape(label) for label in speakers]
    if len(names) == 2:
        together = [rf"{names[0]} and {names[1]}", rf"{names[1]} and {names[0]}"]
    else:
        together = [rf"{names[0]}, {names[1]},? and {names[2]}"]
    for phrase in together:
        if re.search(rf"(?:^|[.!?]\s+){phrase} [a-z]", intro):
            return [profiles[label] for label in speakers]
    return []


def _turn_markdown(block: Block, label: str) -> str:
    pattern = re.compile(rf"\s*{re.escape(label)}\s*:\s*")
    rest = without_prefix(block.element, pattern)
    return f"{label}: {to_markdown(rest)}" if rest is not None else to_markdown(block.element)


def _list(labels) -> str:
    labels = list(labels)
    return labels[0] if len(labels) == 1 else f"{', '.join(labels[:-1])} and {labels[-1]}"


def recognise_dialogue(blocks: list[Block], profiles: dict[str, str]) -> Layout | NotRecognised:
    """``profiles``: speaker label -> profile name, for the labels that match a profile."""
    blocks = _split_lines(blocks)
    labelled = [(index, label) for index, block in enumerate(blocks) if (label := _label_of(block))]
    if not labelled:
        return NotRecognised("no paragraph starts with a name and a colon", near=False)
    counts = Counter(label for _, label in labelled)
    candidates = {label for label in counts if label.lower().rstrip(".") not in _NOT_SPEAKERS}
    if not candidates:
        return NotRecognised("no paragraph starts with a speaker's name", near=False)
    handles = all(_is_handle(label) for label in candidates)
    turns = [(index, label) for index, label in labelled if label in candidates]
    addressed = handles and any(
        re.search(rf"@{re.escape(other.lstrip('@'))}\b", blocks[index].text)
        for index, label in turns for other in candidates if other != label)
    if addressed:
        kind, speakers = "transcript", sorted(candidates, key=lambda label: next(i for i, lb in turns if lb == label))
        if len(turns) < 3 or not 2 <= len(speakers) <= _MAX_TRANSCRIPT_SPEAKERS:
            return NotRecognised(f"{len(turns)} paragraph(s) from {_list(speakers)}: too few for a transcript",
                                 near=True)
    else:
        kind = "dialogue"
        speakers = sorted((label for label in candidates if counts[label] >= 2),
                          key=lambda label: next(i for i, lb in turns if lb == label))
        once = sorted(candidates - set(speakers))
        if len(speakers) < 2:
            shown = ", ".join(f'"{label}:"' for label in sorted(candidates))
            return NotRecognised(f"labelled paragraphs ({shown}) are not two or more people taking turns: "
                                 "not a dialogue", near=len(turns) >= 2)
        if len(speakers) > _MAX_SPEAKERS:
            return NotRecognised(f"{len(speakers)} different labels ({_list(speakers)}): more than "
                                 f"{_MAX_SPEAKERS} speakers, not a dialogue", near=True)
        first_turn = next(index for index, label in turns if label in speakers)
        strays = [label for index, label in turns if label in once and index > first_turn]
        if strays:
            return NotRecognised(f'"{strays[0]}:" speaks once between the turns of {_list(speakers)} and may be '
                                 "another speaker: left as an article so no sentence changes speaker", near=True)
        turns = [(index, label) for index, label in turns if label in speakers]
        switches = sum(1 for (_, a), (_, b) in zip(turns, turns[1:]) if a != b)
        if len(turns) < 4 or switches < 3:
            return NotRecognised(f"{len(turns)} turns with {switches} change(s) of speaker between {_list(speakers)}:"
                                 " too few to be a dialogue", near=True)
    first, last = turns[0][0], turns[-1][0]
    if any(block.kind == "rule" for block in blocks[first:last]):
        return NotRecognised("a horizontal rule between the turns would end the conversation early: "
                             "left as an article", near=True)
    turn_indexes = {index for index, _ in turns}
    continued = any(index not in turn_indexes for index in range(first, last + 1))
    rule = next((index for index in range(last + 1, len(blocks)) if blocks[index].kind == "rule"), None)
    trailing = len(blocks) - last - 1
    notes = []
    if rule is not None:
        outro = rule
    elif trailing and not continued:
        # Every turn was one paragraph, so what follows the last one is outside the exchange.
        outro = last + 1
        notes.append(f"the {trailing} paragraph(s) after the exchange are the outro")
    else:
        outro = None
        if trailing:
            notes.append(f"the {trailing} paragraph(s) after the last label stay in {turns[-1][1]}'s turn "
                         "(add a --- line before them if they are an outro)")
    inside = [label for index, label in labelled if label not in speakers and first < index <= last]
    if inside:
        notes.append(f'"{inside[0]}:" stays inside the turn it is in')
    intro = " ".join(block.text for block in blocks[:first])
    authors = _authors_named(intro, speakers, profiles) if kind == "dialogue" else []
    if authors:
        notes.append(f"Authors: {', '.join(authors)} (the intro names them as the writers)")
    if kind == "transcript":
        reason = f"a transcript of {len(turns)} turns between {_list(speakers)}, who address each other with @"
    else:
        reason = f"{len(turns)} turns alternating between {_list(speakers)}"
    if notes:
        reason += "; " + "; ".join(notes)
    replaced = {index: _turn_markdown(blocks[index], label) for index, label in turns}
    body = compose(blocks, replaced, outro)
    return Layout("dialogue", reason, {"Speakers": ", ".join(speakers)}, body, authors)
