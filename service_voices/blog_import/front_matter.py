"""The text of an imported post, page, series file or responses file."""

from __future__ import annotations

import json
from datetime import datetime

from .model import Response


def _one_line(value: str) -> str:
    return " ".join(str(value).split())


def _list(values: list[str]) -> str:
    # Names holding a comma are separated by semicolons, as Authors: allows.
    separator = "; " if any("," in value for value in values) else ", "
    return separator.join(values)


def post_text(fields: list[tuple[str, str | list[str] | None]], body: str) -> str:
    """``Key: value`` lines (empty values left out), a blank line, the body."""
    lines = []
    for key, value in fields:
        if isinstance(value, list):
            value = _list([_one_line(item) for item in value if _one_line(item)])
        if value:
            lines.append(f"{key}: {_one_line(value)}")
    return "\n".join(lines) + "\n\n" + body.strip("\n") + "\n"


def date_line(moment: datetime, zone) -> str:
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M")


def series_text(title: str, slug: str, planned: list[str]) -> str:
    lines = [f"Title: {title}", f"Slug: {slug}"] + [f"Planned: {_one_line(name)}" for name in planned]
    return "\n".join(lines) + "\n"


def responses_text(post: dict, responses: list[Response]) -> str:
    """The interim responses file of one post: JSON, without any commenter's email address."""
    items = []
    for response in sorted(responses, key=lambda r: (r.date.isoformat() if r.date else "", r.id)):
        items.append({
            "id": response.id,
            "type": response.kind,
            "status": "approved" if response.approved else "pending",
            "published": response.date.isoformat() if response.date else None,
            "author": {"name": response.name, "url": response.website},
            "content_html": response.html.strip(),
            "in_reply_to": response.parent or None,
        })
    document = {"format": "service-voices-imported-responses/1", "post": post, "responses": items}
    return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
