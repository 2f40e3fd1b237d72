"""The Python-Markdown extension: ``Layout: interview`` / ``Layout: dialogue`` posts.

It reads the post's own front matter from the ``meta`` extension (``md.Meta``), so
one extension instance serves every file, and a post without ``Layout:`` (or with
any other layout) comes out exactly as plain Markdown would render it.

Usable without Pelican::

    markdown.Markdown(extensions=["meta", ConversationsExtension()])
"""

from __future__ import annotations

from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from .arrange import arrange_dialogue, arrange_interview
from .markers import split_labels

INTERVIEW = "interview"
DIALOGUE = "dialogue"
# Before the footnotes extension (50) appends its list, so footnotes never end up
# inside the last answer or turn, and before inline markup (20), so markers are
# still the raw text the author typed.
PRIORITY = 55


def meta_value(meta: dict, key: str) -> str:
    """One front-matter value as a string ("" when absent); continuation lines joined."""
    value = (meta or {}).get(key) or []
    if isinstance(value, str):
        return value.strip()
    return " ".join(part.strip() for part in value).strip()


class ConversationTreeprocessor(Treeprocessor):
    def run(self, root):
        meta = getattr(self.md, "Meta", None) or {}
        layout = meta_value(meta, "layout").lower()
        if layout == INTERVIEW:
            arrange_interview(root, meta_value(meta, "interviewee"))
        elif layout == DIALOGUE:
            speakers = split_labels(meta_value(meta, "speakers"))
            if speakers:
                arrange_dialogue(root, speakers)
        return None


class ConversationsExtension(Extension):
    def extendMarkdown(self, md):
        md.treeprocessors.register(ConversationTreeprocessor(md), "conversations", PRIORITY)


def makeExtension(**kwargs):  # lets Markdown load it by the name "conversations.mdext"
    return ConversationsExtension(**kwargs)
