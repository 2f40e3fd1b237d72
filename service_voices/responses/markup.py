"""A commenter's text: a small Markdown subset, rendered and then sanitised with nh3.

Raw HTML is never trusted: ``<`` and ``&`` are escaped before Markdown sees the text,
so typed tags come out as text, and the sanitiser then drops anything Markdown made
that is outside the subset (images, headings, tables) and every unsafe URL.
"""

from __future__ import annotations

import re

import markdown
import nh3

ALLOWED_TAGS = {"p", "br", "em", "strong", "a", "blockquote", "ul", "ol", "li", "code"}
# "*" empty: no attribute on any element, not even title or lang, which nh3 keeps by default.
ALLOWED_ATTRIBUTES = {"a": {"href"}, "*": set()}
URL_SCHEMES = {"http", "https", "mailto"}
LINK_PATTERN = re.compile(r"(?:https?://|www\.)", re.IGNORECASE)


def render(text: str) -> str:
    """Safe HTML for ``text``; every link gets rel="nofollow ugc"."""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;")
    return sanitise(markdown.markdown(escaped, output_format="html5"))


def sanitise(html: str) -> str:
    """HTML cut down to the subset: also what a webmention source published."""
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=URL_SCHEMES,
                     link_rel="nofollow ugc", strip_comments=True).strip()


def link_count(text: str) -> int:
    return len(LINK_PATTERN.findall(text))


def initials(name: str) -> str:
    """The avatar shown instead of any third-party picture: up to two initials."""
    words = [word for word in re.split(r"\s+", name.strip()) if word[:1].isalnum()]
    return "".join(word[0].upper() for word in words[:2]) or "?"
