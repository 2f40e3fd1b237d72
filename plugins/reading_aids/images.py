"""Lazy loading and intrinsic sizes for images in posts and pages.

Images get ``loading="lazy"`` and ``decoding="async"`` so they never delay the text,
and ``width``/``height`` read from the image file so the page does not jump when
they arrive. This happens once, as Markdown builds the post (``ImageHintsExtension``):
on the ``<img>`` elements Markdown makes, and on ``<img>`` tags an author wrote as
raw HTML, which Markdown passes through as text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from service_voices.images import image_size

# After attribute lists (8), so "{width=…}" counts as the author's own size.
PRIORITY = 6

_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_SRC = re.compile(r"""\ssrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)

SizeOf = Callable[[str], "tuple[int, int] | None"]


def hints(attributes: dict[str, str], size_of: SizeOf) -> dict[str, str]:
    """The attributes an image lacks, in the order they are added."""
    present = {name.lower() for name in attributes}
    extra = {}
    if "loading" not in present:
        extra["loading"] = "lazy"
    if "decoding" not in present:
        extra["decoding"] = "async"
    if not ({"width", "height"} & present):
        src = next((value for name, value in attributes.items() if name.lower() == "src"), None)
        size = size_of(src) if src else None
        if size:
            extra["width"], extra["height"] = str(size[0]), str(size[1])
    return extra


def _has(tag: str, name: str) -> bool:
    return re.search(rf"\s{name}\s*=", tag, re.IGNORECASE) is not None


def add_image_hints(html: str, size_of: SizeOf) -> str:
    """The same hints for ``<img>`` tags in raw HTML an author wrote."""
    def hint(match: re.Match) -> str:
        tag = match.group(0)
        closing = "/>" if tag.endswith("/>") else ">"
        present = {name: "" for name in ("loading", "decoding", "width", "height") if _has(tag, name)}
        src = _SRC.search(tag)
        if src:
            present["src"] = next(part for part in src.groups() if part is not None)
        extra = hints(present, size_of)
        if not extra:
            return tag
        written = " ".join(f'{name}="{value}"' for name, value in extra.items())
        return tag[: -len(closing)].rstrip() + " " + written + closing

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


class ImageHintsTreeprocessor(Treeprocessor):
    def __init__(self, md, size_of: SizeOf):
        super().__init__(md)
        self.size_of = size_of

    def run(self, root):
        for image in root.iter("img"):
            for name, value in hints(dict(image.attrib), self.size_of).items():
                image.set(name, value)
        stash = self.md.htmlStash.rawHtmlBlocks
        for index, raw in enumerate(stash):
            if isinstance(raw, str) and "<img" in raw.lower():
                stash[index] = add_image_hints(raw, self.size_of)
        return None


class ImageHintsExtension(Extension):
    """Images in posts and pages get their hints as Markdown builds them."""

    def __init__(self, content_path: str = "", site_url: str = "", **kwargs):
        super().__init__(**kwargs)
        self.content_path = content_path
        self.site_url = site_url

    def size_of(self, src: str) -> tuple[int, int] | None:
        path = content_file(src, self.content_path, self.site_url)
        return image_size(path) if path else None

    def extendMarkdown(self, md):
        md.treeprocessors.register(ImageHintsTreeprocessor(md, self.size_of), "image-hints", PRIORITY)
