"""HTML blocks to Markdown with markdownify, escaped for Python-Markdown.

markdownify's own ``escape_misc`` escapes for CommonMark; Python-Markdown (what
Pelican uses) does not understand several of those escapes and would show the
backslashes. So text is escaped here for what Python-Markdown would misread, and
a line that would start a list, heading, quote or rule is defused.
"""

from __future__ import annotations

import re

from markdownify import MarkdownConverter

_ENTITY_LIKE = re.compile(r"&(?=#?\w+;)")
_LINE_STARTS = [
    (re.compile(r"^(\s*)(\d+)\.(\s)"), r"\1\2\\.\3"),  # "1. " would start a numbered list
    (re.compile(r"^(\s*)([-+])(\s)"), r"\1\\\2\3"),  # "- " or "+ " a bulleted one
    (re.compile(r"^(\s*)(#)"), r"\1\\\2"),  # a heading
    (re.compile(r"^(\s*)(>)"), r"\1\\\2"),  # a quote
    (re.compile(r"^(\s*)(=+\s*)$"), r"\1&#61;\2"),  # the underline of a heading
]


def _defuse_line(line: str) -> str:
    # A line of dashes is a rule; "\-" would not do, so the dashes become entities.
    if re.fullmatch(r"\s*(?:-\s*){3,}", line):
        return line.replace("-", "&#45;")
    for pattern, replacement in _LINE_STARTS:
        line = pattern.sub(replacement, line, count=1)
    return line


class _Converter(MarkdownConverter):
    def escape(self, text, parent_tags):
        if not text:
            return ""
        text = _ENTITY_LIKE.sub("&amp;", text).replace("<", "&lt;")
        for char in "\\`*_[]":
            text = text.replace(char, "\\" + char)
        return text

    def convert_p(self, el, text, parent_tags):
        converted = super().convert_p(el, text, parent_tags)
        if "_inline" in parent_tags or not converted.strip():
            return converted
        lines = converted.strip("\n").split("\n")
        return "\n\n" + "\n".join(_defuse_line(line) for line in lines) + "\n\n"

    def convert_iframe(self, el, text, parent_tags):
        source = el.get("src", "")
        if not source:
            return ""
        title = el.get("title") or "Embedded content"
        return f"\n\n[{title}]({source})\n\n"


_OPTIONS = {"heading_style": "ATX", "bullets": "-", "autolinks": True}


def to_markdown(element) -> str:
    """The Markdown of one block (a bs4 Tag), without surrounding blank lines."""
    return _Converter(**_OPTIONS).convert_soup(element).strip("\n").rstrip()


def inline_markdown(element) -> str:
    """A block's Markdown on one line, for front matter such as Summary."""
    return " ".join(to_markdown(element).split())
