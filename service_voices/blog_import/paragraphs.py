"""Turn a post's HTML, as the export holds it, into a flat list of blocks.

WordPress keeps typed text: a blank line is a paragraph break and a single line
break is a <br> (WordPress adds those only on display). Blogger writes lines as
<div>s or <br>s, with an empty line (two <br>s, or an empty <div>) between
paragraphs. Both end up as the same thing here: top-level <p>, heading, list,
quote, code and table blocks, each with its plain text for recognition.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

# Blocks kept as they are (their insides are the converter's business).
_KEPT_BLOCKS = {"h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "pre", "table", "hr", "figure", "dl", "iframe"}
# Wrappers whose edges are line ends: Blogger writes each typed line as a <div>.
_LINE_WRAPPERS = {"div", "section", "article", "main", "center", "header", "footer", "aside"}
# Styling wrappers with no meaning of their own; their content is kept.
_UNWRAPPED = {"span", "font"}
_DROPPED = {"script", "style", "noscript", "link", "meta"}
_BLANK_LINE = re.compile(r"\n[ \t]*\n\s*")
_PRE = re.compile(r"(<pre\b.*?</pre>)", re.DOTALL | re.IGNORECASE)
# Beautiful Soup shrinks white space between two tags to one newline, so a blank
# line is marked with this element before parsing, as WordPress itself reads the text.
_BREAK = "sv-paragraph-break"


@dataclass
class Block:
    kind: str  # "p", "heading", "list", "quote", "code", "rule", "other"
    element: Tag
    text: str  # plain text, white space collapsed


def _kind(tag: Tag) -> str:
    name = tag.name
    if name == "p":
        return "p"
    if re.fullmatch(r"h[1-6]", name):
        return "heading"
    return {"ul": "list", "ol": "list", "blockquote": "quote", "pre": "code", "hr": "rule"}.get(name, "other")


def plain_text(element: Tag) -> str:
    return " ".join(element.get_text(" ").replace("\xa0", " ").split())


def _is_blank(nodes) -> bool:
    for node in nodes:
        if isinstance(node, Tag):
            if node.name in ("img", "iframe", "video", "audio", "object", "embed", "hr"):
                return False
            if node.name != "br" and not _is_blank(node.children):
                return False
        elif (isinstance(node, NavigableString) and not isinstance(node, Comment)
              and str(node).replace("\xa0", " ").strip()):
            return False
    return True


class _Builder:
    def __init__(self, soup: BeautifulSoup, blank_lines_are_paragraphs: bool):
        self.soup = soup
        self.autop = blank_lines_are_paragraphs
        self.blocks: list[Tag] = []
        self.line: list = []  # inline nodes of the paragraph being gathered

    def _ends_with_break(self) -> bool:
        for node in reversed(self.line):
            if isinstance(node, Tag) and node.name == "br":
                return True
            if isinstance(node, Tag) or str(node).strip():
                return False
        return False

    def flush(self) -> None:
        nodes = self.line
        self.line = []
        while nodes and (getattr(nodes[-1], "name", None) == "br" or
                         (isinstance(nodes[-1], NavigableString) and not str(nodes[-1]).strip())):
            nodes.pop()
        while nodes and (getattr(nodes[0], "name", None) == "br" or
                         (isinstance(nodes[0], NavigableString) and not str(nodes[0]).strip())):
            nodes.pop(0)
        if not nodes or _is_blank(nodes):
            return
        paragraph = self.soup.new_tag("p")
        for node in nodes:
            paragraph.append(node)
        self.blocks.append(paragraph)

    def line_break(self) -> None:
        if self._ends_with_break():
            self.flush()  # two breaks in a row: an empty line between paragraphs
        elif self.line:
            self.line.append(self.soup.new_tag("br"))

    def text(self, value: str) -> None:
        if not self.autop:
            self.line.append(NavigableString(" ".join(value.split("\n"))))
            return
        for index, piece in enumerate(value.split("\n")):
            if index:
                self.line.append(self.soup.new_tag("br"))
            if piece:
                self.line.append(NavigableString(piece))

    def walk(self, container) -> None:
        for child in list(container.children):
            if isinstance(child, Comment):
                continue
            if isinstance(child, NavigableString):
                self.text(str(child))
            elif not isinstance(child, Tag) or child.name in _DROPPED:
                continue
            elif child.name == _BREAK:
                self.flush()
            elif child.name == "br":
                self.line_break()
            elif child.name in _UNWRAPPED:
                self.walk(child)
            elif child.name == "p":
                self.flush()
                self.walk(child)
                self.flush()
            elif child.name == "blockquote":
                self.flush()
                quote = self.soup.new_tag("blockquote")
                for block in normalised_blocks(child, self.autop, self.soup):
                    quote.append(block)
                if quote.contents:
                    self.blocks.append(quote)
            elif child.name in _LINE_WRAPPERS:
                if _is_blank(child.children):
                    self.flush()
                    continue
                if self.line and not self._ends_with_break():
                    self.line.append(self.soup.new_tag("br"))
                self.walk(child)
                if self.line and not self._ends_with_break():
                    self.line.append(self.soup.new_tag("br"))
            elif child.name in _KEPT_BLOCKS:
                self.flush()
                for mark in child.find_all(_BREAK):
                    mark.replace_with(NavigableString("\n"))
                self.blocks.append(child.extract())
            else:
                self.line.append(child.extract())


def normalised_blocks(container, blank_lines_are_paragraphs: bool, soup: BeautifulSoup) -> list[Tag]:
    builder = _Builder(soup, blank_lines_are_paragraphs)
    builder.walk(container)
    builder.flush()
    return builder.blocks


def blocks_of(html: str, blank_lines_are_paragraphs: bool = False) -> list[Block]:
    """The post's blocks in reading order."""
    html = (html or "").replace("\r\n", "\n").replace("\r", "\n")
    # The block editor marks its blocks with comments and writes its own <p> tags;
    # WordPress then leaves blank lines alone, and so do we.
    autop = blank_lines_are_paragraphs and "<!-- wp:" not in html
    # Blogger's oldest posts were typed with "convert line breaks" on: plain text
    # with newlines and no markup for them at all.
    if not autop and not re.search(r"<(p|br|div)\b", html, re.IGNORECASE) and "\n\n" in html.strip():
        autop = True
    if autop:
        html = "".join(part if _PRE.fullmatch(part) else _BLANK_LINE.sub(f"<{_BREAK}></{_BREAK}>", part)
                       for part in _PRE.split(html))
    soup = BeautifulSoup(html, "html.parser")
    return [Block(_kind(tag), tag, plain_text(tag)) for tag in normalised_blocks(soup, autop, soup)]
