"""Sample responses from a JSON file, shown beside the database's approved ones.

They let a fresh clone's build show what responses look like without putting made-up
people in the database. Text goes through the same rendering and sanitising as a
real comment.
"""

from __future__ import annotations

import json
from pathlib import Path

from service_voices.responses.markup import render
from service_voices.responses.store import Response


class SampleFileError(ValueError):
    """The file cannot be used; the message names it and says why."""


def _response(data: dict, number: str, post: str, parent: str | None) -> Response:
    return Response(id=number, post=post, parent_id=parent, kind=data.get("kind", "reply" if parent else "comment"),
                    status="approved", name=str(data["name"]), email=None, website=str(data.get("website", "")),
                    text=str(data.get("text", "")), html=render(str(data.get("text", ""))),
                    by_author=bool(data.get("by_author")), source=data.get("source"), photo="",
                    created_at=str(data["date"]))


def load_samples(path: Path) -> list[Response]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise SampleFileError(f"{path}: cannot be read ({error.strerror})") from None
    except ValueError as error:
        raise SampleFileError(f"{path}: not valid JSON ({error})") from None
    found = []
    try:
        for index, item in enumerate(data["responses"], start=1):
            number = f"sample-{index}"
            found.append(_response(item, number, item["post"], None))
            for reply_index, reply in enumerate(item.get("replies", []), start=1):
                found.append(_response(reply, f"{number}-{reply_index}", item["post"], number))
    except (KeyError, TypeError) as error:
        raise SampleFileError(f"{path}: response {len(found) + 1} lacks {error} (each needs post, name "
                              "and date)") from None
    return found
