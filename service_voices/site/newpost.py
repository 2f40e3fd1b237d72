"""Front-matter skeletons for `invoke new`, one per layout."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from service_voices.slugs import slugify

_BODIES = {
    "article": "Write the post here.\n",
    "interview": (
        "Introduce the person you talked to.\n\n"
        "Q: Your first question?\n\n"
        "A: Their answer.\n\n"
        "Q: Your next question?\n\n"
        "Their answer; the \"A:\" is optional.\n\n"
        "---\n\n"
        "An outro after the rule, outside the questions.\n"
    ),
    "dialogue": (
        "Set the scene in a paragraph or two.\n\n"
        "{first}: The first turn.\n\n"
        "{second}: The reply.\n\n"
        "---\n\n"
        "An outro after the rule, outside the conversation.\n"
    ),
    "whitepaper": (
        "## Introduction\n\nWhy this paper exists.\n\n"
        "## Findings\n\n### First finding\n\nWhat you found.\n\n"
        "## Recommendations\n\nWhat readers should do next.\n"
    ),
}

LAYOUTS = tuple(_BODIES)


def skeleton(title: str, layout: str, author: str, today: dt.date) -> str:
    """Return the Markdown text of a new post for ``layout``."""
    if layout not in _BODIES:
        raise ValueError(f"unknown layout {layout!r}; choose one of: {', '.join(LAYOUTS)}")
    lines = [
        f"Title: {title}",
        f"Date: {today.isoformat()}",
        "Status: draft",
        f"Authors: {author}",
        "Category: Craft",
        "Tags: ",
        f"Slug: {slugify(title)}",
        "Summary: One sentence that says what the reader gets.",
    ]
    body = _BODIES[layout]
    if layout == "interview":
        lines += ["Layout: interview", "Interviewee: Full Name"]
    elif layout == "dialogue":
        lines += ["Layout: dialogue", "Speakers: Jenny, Jeremy"]
        body = body.format(first="Jenny", second="Jeremy")
    elif layout == "whitepaper":
        lines += ["Layout: whitepaper"]
        lines[lines.index("Category: Craft")] = "Category: White papers"
    return "\n".join(lines) + "\n\n" + body


def write_new_post(folder: Path, title: str, layout: str, author: str, today: dt.date) -> Path:
    """Write the skeleton to ``folder/<slug>.md``; never overwrite an existing post."""
    text = skeleton(title, layout, author, today)
    path = Path(folder) / f"{slugify(title)}.md"
    if path.exists():
        raise FileExistsError(f"{path} already exists; choose another title")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
