"""Pure checks on front matter; no Pelican imports, so they test in isolation."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

_KEY_LINE = re.compile(r"^([A-Za-z][A-Za-z0-9_-]*)\s*:\s?(.*)$")
# What Python-Markdown's meta extension, and so Pelican, reads as a header line.
_META_LINE = re.compile(r"^[ ]{0,3}[A-Za-z0-9_-]+:")
_YAML_FENCE = re.compile(r"^(-{3}|\.{3})\s*$")
# The documented date forms: YYYY-MM-DD, then optionally HH:MM, seconds and an offset.
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?(?:\s?(?:Z|[+-]\d{2}:?\d{2}))?)?$")
DATE_KEYS = ("date", "modified")
# Tab, line feed and carriage return are how text is laid out; any other control
# character is invisible in an editor and corrupts titles, feeds and JSON-LD.
_ALLOWED_CONTROLS = {"\t", "\n", "\r"}
# Every control character but tab, LF and CR (a few of these are line breaks to
# splitlines and so never reported). One scan of the whole text in C: nearly every
# file has none, and the line-by-line loop below then need not run at all.
_ANY_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Characters that never belong in a person's name and usually mean a typo in the list.
_BAD_NAME_CHARS = re.compile(r"[<>@{}\[\]|\\]")


def front_matter(lines: Iterable[str]) -> dict[str, tuple[int, str]]:
    """Return ``{lowercased key: (line number, raw value)}`` of a Markdown header.

    Only the leading ``Key: value`` block is looked at, so the cost stays tiny even for
    a long post. Continuation lines (indented) are joined to the previous key.
    """
    found: dict[str, tuple[int, str]] = {}
    last = None
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            break
        if line[:1] in " \t" and last:
            lineno, value = found[last]
            found[last] = (lineno, f"{value} {line.strip()}")
            continue
        match = _KEY_LINE.match(line.rstrip("\n"))
        if not match:
            break
        last = match.group(1).lower()
        found[last] = (number, match.group(2).strip())
    return found


def read_front_matter(path: str | Path) -> dict[str, tuple[int, str]]:
    """front_matter of a file, reading no further than its header."""
    with open(path, encoding="utf-8", errors="replace") as handle:
        return front_matter(handle)


def header_problems(text: str) -> list[tuple[int, str]]:
    """``(line, message)`` for header lines that are neither ``Key: value`` nor a continuation.

    Python-Markdown ends the header silently at such a line, so the keys after it
    would land in the body, the description and the JSON-LD.
    """
    problems = []
    lines = text.splitlines()
    start = 1 if lines and _YAML_FENCE.match(lines[0]) else 0
    seen_key = False
    for number, line in enumerate(lines[start:], start=start + 1):
        if not line.strip() or (start and _YAML_FENCE.match(line)):
            break
        if _META_LINE.match(line):
            seen_key = True
            continue
        if line[:1] in " \t" and seen_key:
            continue
        if not seen_key:
            break  # no header at all: the text starts at once
        shown = line.strip() if len(line.strip()) <= 40 else line.strip()[:40] + "…"
        problems.append((number, f"front matter line {shown!r} is not 'Key: value'; end the header "
                                 "with a blank line before the text, or indent a continued value"))
    return problems


def date_problem(key: str, value: str) -> str | None:
    """Explain why a ``Date:``/``Modified:`` value is not one of the documented forms."""
    if _DATE.match(value.strip()):
        return None
    return (f"{key.capitalize()} {value.strip()!r} is not a date in the form YYYY-MM-DD "
            "(optionally followed by HH:MM, seconds and a timezone offset such as +02:00)")


def control_characters(text: str) -> list[tuple[int, str]]:
    """``(line, "U+001B")`` for every control character other than tab and line ends."""
    found = []
    if not _ANY_CONTROL.search(text):
        return found
    for number, line in enumerate(text.splitlines(), start=1):
        for char in line:
            if (ord(char) < 32 or 127 <= ord(char) < 160) and char not in _ALLOWED_CONTROLS:
                found.append((number, f"U+{ord(char):04X}"))
                break
    return found


def authors_field_problems(raw: str) -> list[str]:
    """Explain what is wrong with a raw ``Authors:`` value; empty list when fine.

    Names are separated by commas, or by semicolons when names themselves hold
    commas ("Park, Jenny; Cole, Jeremy"), exactly as Pelican splits them.
    """
    if not raw.strip():
        return ["is empty"]
    separator = ";" if ";" in raw else ","
    names = [name.strip() for name in raw.split(separator)]
    problems = []
    if any(not name for name in names):
        problems.append(f"has an empty name (check for a doubled or trailing '{separator}')")
    for name in filter(None, names):
        if _BAD_NAME_CHARS.search(name):
            problems.append(f"has a character that cannot be in a name: {name!r}")
        elif re.search(r"\s(and|&)\s", name):
            problems.append(f"joins two names without a comma: {name!r}")
    return problems


def layout_problem(value: str, known: tuple[str, ...]) -> str | None:
    """Explain why a ``Layout:`` value is not usable; None when it is known."""
    if value.strip().lower() in known:
        return None
    return f"unknown Layout {value.strip()!r} (expected one of: {', '.join(sorted(known))})"


_STATIC_LINK = re.compile(r"\{(?:static|attach|filename)\}([^\s)\"'#?]+)")


def missing_static_links(text: str, source_dir: str | Path, content_root: str | Path) -> list[tuple[int, str]]:
    """``(line, link)`` for each ``{static}``/``{attach}``/``{filename}`` link whose file does not exist.

    A link starting with "/" is relative to the content folder, any other to the post's
    own folder, exactly as Pelican resolves them.
    """
    missing = []
    for number, line in enumerate(text.splitlines(), start=1):
        for found in _STATIC_LINK.finditer(line):
            target = found.group(1)
            base = Path(content_root) if target.startswith("/") else Path(source_dir)
            if not (base / target.lstrip("/")).exists():
                missing.append((number, found.group(0)))
    return missing
