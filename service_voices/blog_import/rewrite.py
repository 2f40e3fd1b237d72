"""Small edits on a block's HTML before it becomes Markdown: drop a typed prefix
("1. ", "Jenny:", "Q:"), unwrap a paragraph that is bold all through, and join
the blocks of a post back into one Markdown body."""

from __future__ import annotations

import copy
import re

from bs4 import Comment, NavigableString, Tag

from .markdown_text import to_markdown

_EMPTY_OK = {"br", "img", "iframe", "hr"}


def _pieces(element: Tag):
    """Text nodes and <br>s in reading order: the units raw_text is made of."""
    for node in element.descendants:
        if isinstance(node, Comment):
            continue
        if isinstance(node, NavigableString) or (isinstance(node, Tag) and node.name == "br"):
            yield node


def raw_text(element: Tag) -> str:
    """The text as typed: a <br> is a line break, white space is left alone."""
    return "".join("\n" if isinstance(node, Tag) else str(node).replace("\xa0", " ") for node in _pieces(element))


def _drop_empty_inline(element: Tag) -> None:
    for tag in list(element.find_all(True)):
        if tag.name not in _EMPTY_OK and not tag.find(list(_EMPTY_OK)) and not tag.get_text():
            tag.decompose()


def without_prefix(element: Tag, pattern: re.Pattern) -> Tag | None:
    """A copy of ``element`` without the text ``pattern`` matches at its start (None if it does not)."""
    match = pattern.match(raw_text(element))
    if match is None:
        return None
    trimmed = copy.copy(element)
    remaining = match.end()
    for node in list(_pieces(trimmed)):
        if remaining <= 0:
            break
        if isinstance(node, Tag):  # a <br> counts as one character
            node.extract()
            remaining -= 1
            continue
        text = str(node)
        if len(text) <= remaining:
            remaining -= len(text)
            node.extract()
        else:
            node.replace_with(NavigableString(text[remaining:]))
            remaining = 0
    _drop_empty_inline(trimmed)
    first = next(_pieces(trimmed), None)
    if isinstance(first, NavigableString):
        first.replace_with(NavigableString(str(first).lstrip()))
    return trimmed


def unwrap_sole_bold(element: Tag) -> Tag:
    """``<p><strong>Question?</strong></p>`` -> ``<p>Question?</p>``; other paragraphs unchanged."""
    meaningful = [child for child in element.children
                  if not (isinstance(child, NavigableString) and not str(child).strip())]
    if len(meaningful) == 1 and isinstance(meaningful[0], Tag) and meaningful[0].name in ("strong", "b"):
        meaningful[0].unwrap()
    return element


def is_all_bold(element: Tag) -> bool:
    meaningful = [child for child in element.children
                  if not (isinstance(child, NavigableString) and not str(child).strip())]
    return bool(meaningful) and all(isinstance(child, Tag) and child.name in ("strong", "b") for child in meaningful)


def compose(blocks, replaced: dict[int, str], outro_start: int | None = None) -> str:
    """The post body: each block's Markdown (or its replacement), with ``---`` before the outro."""
    parts = []
    for index, block in enumerate(blocks):
        if index == outro_start:
            parts.append("---")
            if block.kind == "rule":
                continue
        markdown = replaced[index] if index in replaced else to_markdown(block.element)
        if markdown:
            parts.append(markdown)
    return "\n\n".join(parts) + "\n"
