"""Render the email body, inline its CSS and check it; no Pelican imports.

The inliner runs once per issue at build time. Sending only swaps the two
placeholders, so no recipient ever costs an inlining pass.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html.parser import HTMLParser

import css_inline
from bs4 import BeautifulSoup

from service_voices import placeholders

ABSOLUTE_SCHEMES = ("http://", "https://", "mailto:", "tel:")
# Quoted-printable wraps lines at 76 characters, anywhere. An attribute holding a
# placeholder goes on a line of its own so that no soft break can split it.
_PLACEHOLDER_ATTRIBUTE = re.compile(r'\s+([a-zA-Z-]+="[^"\n]*' + placeholders.PATTERN.pattern + r'[^"\n]*")(\s*)')


class _LinksAndImages(HTMLParser):
    """The attributes of every <a> and <img>, in document order.

    The checks read nothing else, so the tokenizer BeautifulSoup's html.parser
    builder runs on is enough: no tree, the same attribute values (None as "", a
    repeated attribute's last value).
    """

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("a", "img"):
            self.tags.append((tag, {name: "" if value is None else value for name, value in attrs}))


def links_and_images(html: str) -> list[tuple[str, dict[str, str]]]:
    scan = _LinksAndImages()
    scan.feed(html)
    scan.close()
    return scan.tags


def make_inliner() -> css_inline.CSSInliner:
    # keep_at_rules leaves @media in a <style> element for the clients that use it.
    return css_inline.CSSInliner(keep_at_rules=True, load_remote_stylesheets=False)


def size_images(html: str, size_of: Callable[[str], tuple[int, int] | None], max_width: int) -> str:
    """Give every <img> width and height attributes, scaled down to ``max_width``."""
    soup = BeautifulSoup(html, "html.parser")
    changed = False
    for image in soup.find_all("img"):
        if image.get("width") and image.get("height"):
            continue
        size = size_of(image.get("src", ""))
        if not size:
            continue
        width, height = size
        if width > max_width:
            width, height = max_width, round(height * max_width / width)
        image["width"], image["height"] = str(width), str(height)
        changed = True
    return str(soup) if changed else html


def isolate_placeholders(html: str) -> str:
    return _PLACEHOLDER_ATTRIBUTE.sub(lambda m: f"\n{m.group(1)}\n", html)


def inline_email(html: str, inliner: css_inline.CSSInliner) -> str:
    # A final newline, as the MIME part will have one: the file and the part stay identical.
    return isolate_placeholders(inliner.inline(html)).rstrip("\n") + "\n"


def is_absolute(url: str) -> bool:
    url = url.strip()
    return url.startswith(ABSOLUTE_SCHEMES) or url.startswith("#") or url in placeholders.PER_RECIPIENT


def email_problems(html: str, max_bytes: int) -> list[str]:
    """Warnings about a finished email body: size, relative URLs, images."""
    problems = []
    size = len(html.encode("utf-8"))
    if size > max_bytes:
        problems.append(f"email.html is {size / 1024:.0f} KB, over {max_bytes / 1024:.0f} KB; "
                        "Gmail clips long messages")
    tags = links_and_images(html)
    for name, attributes in tags:
        attribute = "href" if name == "a" else "src"
        url = attributes.get(attribute)
        if url is not None and not is_absolute(url):
            problems.append(f"relative URL left in the email: {attribute}=\"{url}\"")
    for image in (attributes for name, attributes in tags if name == "img"):
        src = image.get("src", "")
        if not (image.get("alt") or "").strip():
            problems.append(f"image without alt text in the email: {src}")
        if not (image.get("width") and image.get("height")):
            problems.append(f"image without width and height in the email: {src}")
    return problems
