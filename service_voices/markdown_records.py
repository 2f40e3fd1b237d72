"""The Markdown side of the hand-off: what a document is made of, recorded while it is built.

``RecordsExtension`` records, for every document, its headings (from the toc
extension's ``md.toc_tokens``) and its first paragraph with visible text, on the
Markdown instance. The reader (``markdown_reader``) copies them into the post's
metadata. Other extensions (conversations) use ``inner_html`` and ``visible_text``
to record their own parts the same way.

No Pelican imports: usable with plain ``markdown.Markdown``.
"""

from __future__ import annotations

import html
import xml.etree.ElementTree as etree

from markdown.extensions import Extension
from markdown.extensions.toc import TocExtension, render_inner_html
from markdown.extensions.toc import unescape as unescape_backslashes
from markdown.treeprocessors import Treeprocessor
from markdown.util import HTML_PLACEHOLDER_RE

from .post_records import Heading

# Treeprocessor priorities. Inline markup (20), attribute lists (8) and the toc
# extension's heading ids (5) come first, so records see the finished elements; the
# final unescaping (0) comes after, and inner_html does its share itself.
RECORD_PRIORITY = 4


def meta_value(meta: dict | None, key: str) -> str:
    """One front-matter value from the meta extension (``md.Meta``) as a string, "" when absent."""
    value = (meta or {}).get(key) or []
    if isinstance(value, str):
        return value.strip()
    return " ".join(part.strip() for part in value).strip()


def inner_html(element: etree.Element, md) -> str:
    """The element's content as the final HTML has it (raw HTML put back), without its own tag."""
    return render_inner_html(element, md)


def visible_text(element: etree.Element, md) -> str:
    """The text a reader sees in the element: raw HTML tags count for nothing, entities for their character."""
    def raw(match) -> str:
        stashed = md.htmlStash.rawHtmlBlocks[int(match.group(1))]
        if not isinstance(stashed, str):
            return "".join(stashed.itertext())
        return "" if stashed.lstrip().startswith("<") else html.unescape(stashed)

    return HTML_PLACEHOLDER_RE.sub(raw, unescape_backslashes("".join(element.itertext()))).strip()


def headings_from_toc(tokens: list[dict]) -> list[Heading]:
    """The toc extension's nested tokens as a flat list, in reading order."""
    flat: list[Heading] = []

    def walk(level_tokens):
        for token in level_tokens:
            flat.append(Heading(level=int(token["level"]), id=str(token["id"]),
                                text=html.unescape(token["name"]), html=token["html"]))
            walk(token.get("children") or [])

    walk(tokens or [])
    return flat


class FirstParagraphTreeprocessor(Treeprocessor):
    def run(self, root):
        self.md.first_paragraph = next(
            (inner_html(paragraph, self.md) for paragraph in root.iter("p") if visible_text(paragraph, self.md)), "")


class RecordsExtension(Extension):
    """Records ``md.first_paragraph`` (inner HTML, "" when there is none) and keeps
    the toc extension on, so that ``md.toc_tokens`` lists every heading with its id.

    The reader sets ``source_path`` before each file; extensions that report
    problems find it as ``md.source_path``.
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.source_path = ""

    def extendMarkdown(self, md):
        # Nothing here keeps a reference to ``md``: the reader's settings hold this
        # extension, and Pelican's content cache pickles settings.
        md.source_path = self.source_path
        md.first_paragraph = ""
        if "toc" not in md.treeprocessors:
            TocExtension().extendMarkdown(md)
        md.treeprocessors.register(FirstParagraphTreeprocessor(md), "first-paragraph", RECORD_PRIORITY)


def recorded_headings(md) -> list[Heading]:
    return headings_from_toc(getattr(md, "toc_tokens", None) or [])
