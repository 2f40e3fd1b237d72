"""Where a problem is in the content, for messages of the form ``file:line: message``."""

from __future__ import annotations

import os


def display_path(source_path: str, content_root: str) -> str:
    """``content/posts/x.md``: the source relative to the folder that holds the content folder."""
    try:
        return os.path.relpath(source_path, os.path.dirname(os.path.abspath(content_root)))
    except ValueError:
        return source_path


def content_path(instance) -> str:
    """display_path for a Pelican content object (article, page, issue)."""
    return display_path(instance.source_path, instance.settings.get("PATH", ""))


def front_matter_lines(text: str) -> dict[str, int]:
    """``{lowercased key: line number}`` of the ``Key: value`` block at the top of a text."""
    lines: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            break
        key, colon, _ = line.partition(":")
        if colon and key.strip() and not line[:1].isspace():
            lines.setdefault(key.strip().lower(), number)
    return lines


def read_text(path: str) -> str:
    """A source file's text for locating lines; empty when it cannot be read."""
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            return handle.read()
    except OSError:
        return ""


def front_matter_lines_of(path: str) -> dict[str, int]:
    return front_matter_lines(read_text(path))


def first_line_with(text: str, needle: str) -> int | None:
    """The 1-based number of the first line holding ``needle``."""
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return number
    return None


def located(where: str, line: int | None) -> str:
    """``where:line``, or just ``where`` when the line is unknown."""
    return f"{where}:{line}" if line else where
