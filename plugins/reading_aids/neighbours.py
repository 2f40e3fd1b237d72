"""Related posts by shared tags, and the previous and next post by date."""

from __future__ import annotations

from typing import Any, Sequence


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


def previous_and_next(posts: Sequence[Any]) -> dict[int, tuple[Any | None, Any | None]]:
    """For each post (keyed by id()), the older and the newer post next to it in date order."""
    ordered = sorted(posts, key=lambda post: post.date)
    neighbours = {}
    for index, post in enumerate(ordered):
        older = ordered[index - 1] if index > 0 else None
        newer = ordered[index + 1] if index + 1 < len(ordered) else None
        neighbours[id(post)] = (older, newer)
    return neighbours
