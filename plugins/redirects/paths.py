"""Where an old address lives on a static host, and how servers will ask for it."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

_EXTENSION = re.compile(r"\.[A-Za-z0-9]{1,5}$")


@dataclass(frozen=True)
class OldPath:
    request: str  # as a browser asks for it: "/2019/03/04/slug/" or "/?p=12" (still percent-encoded)
    file: str | None  # the output file a static host serves for it, or None (a query cannot be a file)
    variants: tuple[str, ...]  # every request form that means this address (with and without "/")


def split_old_urls(value) -> list[str]:
    """An ``Old_url:`` value: addresses separated by spaces or commas."""
    return [item for item in re.split(r"[\s,]+", str(value or "")) if item]


def old_path(url: str) -> OldPath | None:
    """None for an address with no path of its own (the old home page) or one that climbs out (``..``)."""
    parts = urlsplit(url.strip())
    path = parts.path or "/"
    if not path.startswith("/"):
        path = "/" + path
    decoded = unquote(path)
    if ".." in decoded.split("/") or "\\" in decoded or "\x00" in decoded:
        return None
    if parts.query:
        request = f"{path}?{parts.query}"
        return OldPath(request, None, (request,))
    if path == "/":
        return None
    normal = posixpath.normpath(decoded).lstrip("/")
    if path.endswith("/"):
        return OldPath(path, f"{normal}/index.html", (path, path.rstrip("/")))
    if _EXTENSION.search(path):
        return OldPath(path, normal, (path,))
    return OldPath(path, f"{normal}/index.html", (path, path + "/"))
