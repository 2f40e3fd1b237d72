"""Pure checks on front matter; no Pelican imports, so they test in isolation."""

from __future__ import annotations

import re
from pathlib import Path

_KEY_LINE = re.compile(r"^([A-Za-z][A-Za-z0-9_-]*)\s*:\s?(.*)$")
# Characters that never belong in a person's name and usually mean a typo in the list.
_BAD_NAME_CHARS = re.compile(r"[<>@{}\[\]|\\]")


def read_front_matter(path: str | Path) -> dict[str, tuple[int, str]]:
    """Return ``{lowercased key: (line number, raw value)}`` of a Markdown header.

    Only the leading ``Key: value`` block is read, so the cost stays tiny even for a
    long post. Continuation lines (indented) are joined to the previous key.
    """
    found: dict[str, tuple[int, str]] = {}
    last = None
    with open(path, encoding="utf-8", errors="replace") as handle:
        for number, line in enumerate(handle, start=1):
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


_STATIC_LINK = re.compile(r"\{(?:static|attach)\}([^\s)\"'#?]+)")


def missing_static_links(text: str, source_dir: str | Path, content_root: str | Path) -> list[tuple[int, str]]:
    """``(line, link)`` for each ``{static}``/``{attach}`` link whose file does not exist.

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
