"""White papers build without their missing files: a Markdown extension.

Pelican stops the whole build on a ``{static}`` link to a file that does not exist; a
white paper should still build (and its PDF render) without the image. As Markdown
builds a ``Layout: whitepaper`` post, each such link becomes the plain URL the file
would have, with a warning naming the post and the line; WeasyPrint then reports the
image as missing in the PDF too.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable

from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from service_voices.markdown_records import meta_value
from service_voices.sources import display_path, first_line_with, located, read_text

log = logging.getLogger(__name__)

LAYOUT = "whitepaper"
# After inline markup (20), which makes the links and images.
PRIORITY = 7
_PREFIXES = ("{static}", "|static|")
_STATIC_LINK = re.compile(
    r"""(?P<attr>\b(?:src|href)\s*=\s*)(?P<quote>["'])(?:\{static\}|\|static\|)(?P<path>[^"']+)(?P=quote)""",
    re.IGNORECASE)

UrlIfMissing = Callable[[str], "str | None"]


def detach_missing_static_links(content: str, url_if_missing: UrlIfMissing) -> tuple[str, list[str]]:
    """The same for ``src``/``href`` attributes in raw HTML an author wrote.

    ``url_if_missing`` takes a link's path and returns the plain URL to use, or None
    when the file exists. Returns the HTML and the missing paths.
    """
    missing = []

    def detach(match: re.Match) -> str:
        url = url_if_missing(match["path"])
        if url is None:
            return match.group(0)
        missing.append(match["path"])
        return f"{match['attr']}{match['quote']}{url}{match['quote']}"

    return _STATIC_LINK.sub(detach, content), missing


def url_if_missing_for(source_path: str, content_root: str, site_url: str) -> UrlIfMissing:
    """For links in the file at ``source_path``: None when the linked file exists, else its plain URL."""
    folder = os.path.relpath(os.path.dirname(os.path.abspath(source_path)), content_root) if source_path else ""
    site_url = site_url.rstrip("/")

    def url_if_missing(link: str) -> str | None:
        path = link.split("#")[0].split("?")[0]
        relative = path.lstrip("/") if path.startswith("/") else os.path.normpath(os.path.join(folder, path))
        if os.path.exists(os.path.join(content_root, relative)):
            return None
        return f"{site_url}/{relative}"

    return url_if_missing


def detach_missing_links(root, stash: list, url_if_missing: UrlIfMissing) -> list[str]:
    """Detach the missing ``{static}`` links of a Markdown tree and of its stashed raw HTML."""
    missing = []
    for element in root.iter():
        for attribute in ("src", "href"):
            value = element.get(attribute) or ""
            prefix = next((p for p in _PREFIXES if value.startswith(p)), None)
            if prefix is None:
                continue
            url = url_if_missing(value[len(prefix):])
            if url is not None:
                element.set(attribute, url)
                missing.append(value[len(prefix):])
    for index, raw in enumerate(stash):
        if isinstance(raw, str) and ("{static}" in raw or "|static|" in raw):
            stash[index], found = detach_missing_static_links(raw, url_if_missing)
            missing += found
    return missing


class MissingFilesTreeprocessor(Treeprocessor):
    def __init__(self, md, content_root: str, site_url: str):
        super().__init__(md)
        self.content_root = content_root
        self.site_url = site_url

    def run(self, root):
        if meta_value(getattr(self.md, "Meta", None), "layout").lower() != LAYOUT:
            return None
        source = getattr(self.md, "source_path", "") or ""
        missing = detach_missing_links(root, self.md.htmlStash.rawHtmlBlocks,
                                       url_if_missing_for(source, self.content_root, self.site_url))
        where = display_path(source, self.content_root) if source else "white paper"
        text = read_text(source) if missing and source else ""
        for path in missing:
            log.warning("%s: image or file %s not found; the page and the PDF go without it",
                        located(where, first_line_with(text, path)), path)
        return None


class WhitepaperExtension(Extension):
    def __init__(self, content_root: str = "", site_url: str = "", **kwargs):
        super().__init__(**kwargs)
        self.content_root = content_root
        self.site_url = site_url

    def extendMarkdown(self, md):
        md.treeprocessors.register(MissingFilesTreeprocessor(md, self.content_root, self.site_url),
                                   "whitepaper-missing-files", PRIORITY)
