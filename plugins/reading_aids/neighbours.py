"""Related posts by shared tags, and the previous and next post by date."""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Sequence
from typing import Any


def _tag_names(post: Any) -> set[str]:
    return {str(tag).casefold() for tag in (getattr(post, "tags", None) or [])}


def related_posts(post: Any, candidates: Sequence[Any], count: int) -> list[Any]:
    """Up to ``count`` other posts sharing tags with ``post``: most shared tags first,
    then the newest. Posts sharing no tag are never listed."""
    own = _tag_names(post)
    if not own or count <= 0:
        return []
    scored = []
    for other in candidates:
        if other is post:
            continue
        shared = len(own & _tag_names(other))
        if shared:
            scored.append((shared, other.date, other))
    scored.sort(key=lambda row: (row[0], row[1]), reverse=True)
    return [other for _, _, other in scored[:count]]


def related_posts_by_post(posts: Sequence[Any], count: int) -> dict[int, list[Any]]:
    """``related_posts(post, posts, count)`` for every post at once, keyed by ``id(post)``.

    The same choice, but each post is scored only against posts that share one of its
    tags, found through a tag -> posts index: a build no longer compares every post with
    every other one, which made it grow with the square of the archive.
    """
    if count <= 0:
        return {id(post): [] for post in posts}
    # Newest first; sorted() is stable, so posts of the same date keep the given order,
    # which is the order related_posts() breaks such ties in.
    ordered = sorted(posts, key=lambda post: post.date, reverse=True)
    names = [_tag_names(post) for post in ordered]
    by_tag: dict[str, list[int]] = {}
    for index, tags in enumerate(names):
        for tag in tags:
            by_tag.setdefault(tag, []).append(index)
    # One integer per candidate orders by shared tags, then by position (newest first).
    scale = len(ordered) + 1
    related = {}
    for index, post in enumerate(ordered):
        shared: Counter = Counter()
        for tag in names[index]:
            shared.update(by_tag[tag])
        shared.pop(index, None)
        best = heapq.nlargest(count, [times * scale - other for other, times in shared.items()])
        related[id(post)] = [ordered[-score % scale] for score in best]
    return related


def previous_and_next(posts: Sequence[Any]) -> dict[int, tuple[Any | None, Any | None]]:
    """For each post (keyed by id()), the older and the newer post next to it in date order."""
    ordered = sorted(posts, key=lambda post: post.date)
    neighbours = {}
    for index, post in enumerate(ordered):
        older = ordered[index - 1] if index > 0 else None
        newer = ordered[index + 1] if index + 1 < len(ordered) else None
        neighbours[id(post)] = (older, newer)
    return neighbours
