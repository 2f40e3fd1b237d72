"""Lazy loading and intrinsic sizes for images in post HTML.

Images in a post body get ``loading="lazy"`` and ``decoding="async"`` so they never
delay the text, and ``width``/``height`` read from the image file so the page does
not jump when they arrive.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_SRC = re.compile(r"""\ssrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)


def _has(tag: str, name: str) -> bool:
    return re.search(rf"\s{name}\s*=", tag, re.IGNORECASE) is not None


def add_image_hints(html: str, size_of: Callable[[str], tuple[int, int] | None]) -> str:
    def hint(match: re.Match) -> str:
        tag = match.group(0)
        closing = "/>" if tag.endswith("/>") else ">"
        extra = []
        if not _has(tag, "loading"):
            extra.append('loading="lazy"')
        if not _has(tag, "decoding"):
            extra.append('decoding="async"')
        if not (_has(tag, "width") or _has(tag, "height")):
            src = _SRC.search(tag)
            size = size_of(next(part for part in src.groups() if part is not None)) if src else None
            if size:
                extra.append(f'width="{size[0]}" height="{size[1]}"')
        if not extra:
            return tag
        return tag[: -len(closing)].rstrip() + " " + " ".join(extra) + closing

    return _IMG.sub(hint, html or "")


def content_file(src: str, content_path: str, site_url: str) -> Path | None:
    """The file under the content folder behind an <img src>: a {static} link, a link
    on this site or a root-relative path. None for images on other sites."""
    site_url = site_url.rstrip("/")
    for prefix in ("{static}", "{attach}", "{filename}", "|static|", "|attach|", "|filename|"):
        if src.startswith(prefix):
            src = src[len(prefix):]
            break
    else:
        if site_url and src.startswith(site_url + "/"):
            src = src[len(site_url):]
        elif "://" in src or src.startswith("//") or src.startswith("data:"):
            return None
    return Path(content_path) / src.split("?")[0].split("#")[0].lstrip("/")
