"""The plain-text part of an issue: wrapped prose with links written out.

Built from the same data as the HTML part rather than by flattening the email
HTML, so it reads like a letter and not like a stripped web page. No Pelican imports.
"""

from __future__ import annotations

import re
import textwrap

from bs4 import BeautifulSoup, NavigableString, Tag

from service_voices.placeholders import GREETING_NAME, UNSUBSCRIBE_URL

BLOCK_TAGS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "pre",
              "hr", "table", "figure", "figcaption", "section", "dl", "dt", "dd"}
_SPACES = re.compile(r"\s+")
# What only a parse reads right: tags and entities.
_MARKUP = re.compile(r"[<>&]")


def inline_text(node) -> str:
    """Text of inline content, with each link's address written after its words."""
    if isinstance(node, NavigableString):
        return str(node)
    if node.name == "br":
        return "\n"
    if node.name == "img":
        alt = (node.get("alt") or "").strip()
        return f"[{alt}]" if alt else ""
    text = "".join(inline_text(child) for child in node.children)
    if node.name == "a" and node.get("href"):
        href = node["href"].strip()
        words = _SPACES.sub(" ", text).strip()
        if not words or words == href:
            return href
        if href.startswith("#"):
            return words
        return f"{words} ({href.removeprefix('mailto:')})"
    return text


def wrap(text: str, width: int, indent: str = "", first_indent: str | None = None) -> str:
    lines = []
    first = indent if first_indent is None else first_indent
    for number, chunk in enumerate(text.split("\n")):
        chunk = _SPACES.sub(" ", chunk).strip()
        if not chunk:
            continue
        # URLs must stay whole, so long words are never broken.
        lines.append(textwrap.fill(chunk, width=width, initial_indent=first if number == 0 else indent,
                                   subsequent_indent=indent, break_long_words=False, break_on_hyphens=False))
    return "\n".join(lines)


def _blocks(node: Tag, width: int, indent: str = "") -> list[str]:
    blocks: list[str] = []
    inline_run: list = []

    def flush():
        text = "".join(inline_text(part) for part in inline_run).strip()
        inline_run.clear()
        if text:
            blocks.append(wrap(text, width, indent))

    for child in node.children:
        if isinstance(child, NavigableString) or child.name not in BLOCK_TAGS:
            inline_run.append(child)
            continue
        flush()
        name = child.name
        if name in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            title = _SPACES.sub(" ", inline_text(child)).strip()
            blocks.append(f"{indent}{title}\n{indent}{'-' * min(len(title), width - len(indent))}")
        elif name in {"ul", "ol"}:
            items = []
            for number, item in enumerate(child.find_all("li", recursive=False), start=1):
                bullet = f"{number}. " if name == "ol" else "* "
                text = _SPACES.sub(" ", inline_text(item)).strip()
                items.append(wrap(text, width, indent + " " * len(bullet), indent + bullet))
            blocks.append("\n".join(items))
        elif name == "blockquote":
            blocks.extend(_blocks(child, width, indent + "> "))
        elif name == "pre":
            blocks.append("\n".join(indent + "    " + line for line in child.get_text().rstrip("\n").split("\n")))
        elif name == "hr":
            blocks.append(indent + "* * *")
        elif name == "p":
            text = inline_text(child).strip()
            if text:
                blocks.append(wrap(text, width, indent))
        else:
            blocks.extend(_blocks(child, width, indent))
    flush()
    return blocks


def html_to_text(html: str, width: int) -> str:
    return "\n\n".join(_blocks(BeautifulSoup(html or "", "html.parser"), width))


def paragraph_text(fragment: str, width: int, prefix: str = "", quoted: bool = False) -> str:
    """An inline fragment as one paragraph of text, quoted with "> " when asked.

    Most fragments are plain words: they are wrapped as they are, which is what
    parsing them would give, and only markup or entities pay for a parse.
    """
    if _MARKUP.search(fragment):
        html = f"<p>{prefix}{fragment}</p>"
        return html_to_text(f"<blockquote>{html}</blockquote>" if quoted else html, width)
    text = f"{prefix}{fragment}".strip()
    return wrap(text, width, "> " if quoted else "") if text else ""


def _indented(text: str) -> str:
    return "   " + text.replace("\n", "\n   ")


def render_text(view: dict, width: int = 72) -> str:
    """``view`` is the same issue view the HTML templates get."""
    issue = view["issue"]
    parts = [
        view["site_name"].upper(),
        wrap(issue["title"], width),
        issue["locale_date"],
        f"View this issue in your browser:\n{issue['url']}",
        f"Hi {GREETING_NAME},",
    ]
    letter = html_to_text(issue["letter_html"], width)
    if letter:
        parts.append(letter)
    if issue["digests"]:
        parts.append("IN THIS ISSUE\n-------------")
        for number, item in enumerate(issue["digests"], start=1):
            title = item["title"]
            if "<" in title or "&" in title:  # only markup or entities need a parse
                title = BeautifulSoup(title, "html.parser").get_text()
            lines = [wrap(title, width, "   ", f"{number}. ")]
            if item["part_label"]:
                series = f" · {item['series_name']}" if item["series_name"] else ""
                lines.append(f"   {item['part_label']}{series}")
            meta = f"By {item['byline']} · {item['locale_date']}" if item["byline"] else item["locale_date"]
            lines.append(wrap(meta, width, "   "))
            block = ["\n".join(lines)]
            if item["summary_html"]:
                block.append(_indented(paragraph_text(item["summary_html"], width - 3)))
            if item.get("first_question_html"):
                block.append(_indented(paragraph_text(item["first_question_html"], width - 3, prefix="Q: ")))
            if item["first_turn_html"]:
                block.append(_indented(paragraph_text(item["first_turn_html"], width - 3, quoted=True)))
            block.append(f"   Read it on {view['site_name']}:\n   {item['url']}")
            parts.append("\n\n".join(block))
    parts.append("-" * width)
    parts.append("\n".join([
        wrap(f"You are receiving this because you subscribed to the {view['site_name']} newsletter.", width),
        wrap(view["postal_address"], width),
        "",
        f"Unsubscribe: {UNSUBSCRIBE_URL}",
        f"Past issues: {view['archive_url']}",
    ]))
    return "\n\n".join(parts) + "\n"
