"""The posts that take responses, as the last build saw them.

The build writes this index (plugins/responses) outside the output, and the service
reads it, so a form posted for a post that does not exist, or whose comments are
closed, is refused, and moderation mail goes to that post's own authors.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class PostInfo:
    path: str  # "posts/slug/", the key responses are stored under
    title: str
    url: str
    authors: tuple[str, ...]
    open: bool


def write_index(path: Path, posts: list[PostInfo]) -> None:
    data = {post.path: {"title": post.title, "url": post.url, "authors": list(post.authors), "open": post.open}
            for post in posts}
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    temporary.write_text(json.dumps(data, indent=1, ensure_ascii=False), encoding="utf-8")
    os.replace(temporary, path)


class PostIndex:
    """Re-read whenever the build has rewritten the file."""

    def __init__(self, path: Path):
        self.path = path
        self._stamp = None
        self._posts: dict[str, PostInfo] = {}

    def get(self, post_path: str) -> PostInfo | None:
        try:
            stamp = self.path.stat().st_mtime_ns
        except OSError:
            return None
        if stamp != self._stamp:
            try:
                data = json.loads(self.path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                return None
            self._posts = {key: PostInfo(key, value["title"], value["url"], tuple(value["authors"]), value["open"])
                           for key, value in data.items()}
            self._stamp = stamp
        return self._posts.get(post_path)
