"""Stable fingerprints of what a page is rendered from (no Pelican needed).

The serve session skips rendering a page when everything the page is made from is
what it was at the last good build. Two kinds of fingerprint say so:

- the *site* fingerprint covers what any page may show: every post's and page's
  metadata (titles, dates, tags, URLs, status...) and whatever plugins add to the
  shared context. Posts are listed everywhere (navigation, archives, neighbours),
  so when it changes every page is rendered again;
- a *content version* covers one post or page whole, its text included. A page is
  rendered again when the version of any post it is given changes.

A fingerprint must be the same in every build for the same input, so object
addresses never enter it: objects are walked through their attributes, and a post
met inside another is named by its source file (its own version covers the rest).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Mapping

# Attributes that hold the whole settings or the whole context: not what one page shows.
SKIPPED_ATTRIBUTES = frozenset({"settings", "_context", "context", "_settings"})
# Deep enough for a post's series (a dict of lists of posts) or a newsletter issue's
# sections; anything deeper is reached through the posts' own versions.
MAX_DEPTH = 6


def is_content(value) -> bool:
    """A Pelican post, page or static file: it has a source file and a place in the site."""
    return hasattr(value, "source_path") and hasattr(value, "metadata")


def _walk(value, out: list[str], depth: int, seen: set[int], named) -> None:
    if value is None or isinstance(value, (bool, int, float)):
        out.append(repr(value))
    elif isinstance(value, str):  # Markup too
        out.append(f"s{len(value)}:{value}")
    elif isinstance(value, (dt.datetime, dt.date, dt.time)):
        out.append(value.isoformat())
    elif is_content(value):
        out.append(named(value))
    elif depth >= MAX_DEPTH or id(value) in seen:
        out.append(f"<{type(value).__name__}>")
    elif isinstance(value, Mapping):
        seen.add(id(value))
        out.append("{")
        for key in sorted(value, key=str):
            if key in SKIPPED_ATTRIBUTES:
                continue
            out.append(f"{key}=")
            _walk(value[key], out, depth + 1, seen, named)
        out.append("}")
    elif isinstance(value, (list, tuple, set, frozenset)):
        seen.add(id(value))
        items = sorted(value, key=repr) if isinstance(value, (set, frozenset)) else value
        out.append("[")
        for item in items:
            _walk(item, out, depth + 1, seen, named)
        out.append("]")
    elif hasattr(value, "__dict__"):
        seen.add(id(value))
        out.append(f"<{type(value).__name__}")
        # An object that can say what its data is (Pelican's tags, categories and
        # authors) says it: their attributes fill in lazily, in whatever order pages
        # happen to ask for them.
        data = value.as_dict() if callable(getattr(value, "as_dict", None)) else vars(value)
        _walk(data, out, depth + 1, seen, named)
        out.append(">")
    else:
        # No attributes to walk (a compiled pattern, a function...): only its kind is
        # stable; its str() may carry a memory address.
        out.append(f"<{type(value).__name__}>")


def by_path(content) -> str:
    return f"<content {content.source_path}>"


def fingerprint(value, named=by_path) -> str:
    """A short hash of ``value`` that is equal across builds for equal data.

    A post met inside ``value`` is written as ``named(post)``: by default its source
    file alone.
    """
    out: list[str] = []
    _walk(value, out, 0, set(), named)
    return hashlib.blake2b("\x1f".join(out).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


# Pelican's links to other posts and files inside a text ({filename}/posts/x.md...):
# resolved when the page is rendered, from the other post's current URL. Only the
# file name is kept: a post depends on every file of that name, a safe superset.
INTRASITE_TARGET = re.compile(r"[{|](?:filename|static|attach)[}|]([^\"'\s>?#]+)")


class ContentVersions:
    """Each post's version, worked out once per build (many pages show the same post).

    ``linked(names)`` fingerprints where the files of those names are in the site: a
    post whose text links to another changes when that one moves.
    """

    def __init__(self, linked=lambda names: ""):
        self._versions: dict[int, str] = {}
        self._linked = linked

    def of(self, content) -> str:
        key = id(content)
        if key not in self._versions:
            # Pelican sets every metadata key as an attribute too: walking both is twice the work.
            attributes = {name: value for name, value in vars(content).items() if name != "metadata"}
            text = f"{getattr(content, '_content', '')}{getattr(content, '_summary', '')}"
            names = sorted({target.rstrip("/").rsplit("/", 1)[-1] for target in INTRASITE_TARGET.findall(text)})
            links = self._linked(names) if names else ""
            self._versions[key] = fingerprint({"path": content.source_path, "links": links, **attributes})
        return self._versions[key]

    def shown(self, values: Iterable) -> list[str]:
        """The versions of every post reachable from ``values``, sorted, each once."""
        found: dict[int, object] = {}
        for value in values:
            _collect(value, found, 0, set())
        return sorted(f"{content.source_path}@{self.of(content)}" for content in found.values())


def _collect(value, found: dict[int, object], depth: int, seen: set[int]) -> None:
    """Every post reachable from ``value``: one level into each post, deeper elsewhere."""
    if value is None or isinstance(value, (str, bytes, bool, int, float, dt.date, dt.time)):
        return
    if id(value) in seen or depth >= MAX_DEPTH:
        return
    seen.add(id(value))
    if is_content(value):
        if id(value) in found:
            return
        found[id(value)] = value
        if depth > 0:
            return  # a post met through another: its version, not its neighbours
        children = [item for key, item in vars(value).items() if key not in SKIPPED_ATTRIBUTES]
    elif isinstance(value, Mapping):
        children = [item for key, item in value.items() if key not in SKIPPED_ATTRIBUTES]
    elif isinstance(value, (list, tuple, set, frozenset)):
        children = list(value)
    elif hasattr(value, "__dict__"):
        children = [item for key, item in vars(value).items() if key not in SKIPPED_ATTRIBUTES]
    else:
        return
    for child in children:
        _collect(child, found, depth + 1, seen)
