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

from .arrange import Arrangement, arrange_dialogue, arrange_interview, pin_question_ids
from .markers import split_labels

INTERVIEW = "interview"
DIALOGUE = "dialogue"
# Before the footnotes extension (50) appends its list, so footnotes never end up
# inside the last answer or turn, and before inline markup (20), so markers are
# still the raw text the author typed.
PRIORITY = 55
# After attr_list (8), which may set another id from "{#id}", and before toc (5).
PIN_PRIORITY = 7.5


def meta_value(meta: dict, key: str) -> str:
    """One front-matter value as a string ("" when absent); continuation lines joined."""
    value = (meta or {}).get(key) or []
    if isinstance(value, str):
        return value.strip()
    return " ".join(part.strip() for part in value).strip()


class ConversationTreeprocessor(Treeprocessor):
    def __init__(self, md):
        super().__init__(md)
        # Only the document being converted right now; replaced on every run.
        self.arrangement = Arrangement()

    def run(self, root):
        self.arrangement = Arrangement()
        meta = getattr(self.md, "Meta", None) or {}
        layout = meta_value(meta, "layout").lower()
        if layout == INTERVIEW:
            self.arrangement = arrange_interview(root, meta_value(meta, "interviewee"))
        elif layout == DIALOGUE:
            speakers = split_labels(meta_value(meta, "speakers"))
            if speakers:
                self.arrangement = arrange_dialogue(root, speakers)
        return None


class QuestionIdTreeprocessor(Treeprocessor):
    def __init__(self, md, arranger: ConversationTreeprocessor):
        super().__init__(md)
        self.arranger = arranger

    def run(self, root):
        pin_question_ids(self.arranger.arrangement.headings)
        return None


class ConversationsExtension(Extension):
    def extendMarkdown(self, md):
        arranger = ConversationTreeprocessor(md)
        md.treeprocessors.register(arranger, "conversations", PRIORITY)
        md.treeprocessors.register(QuestionIdTreeprocessor(md, arranger), "conversations-ids", PIN_PRIORITY)


def makeExtension(**kwargs):  # lets Markdown load it by the name "conversations.mdext"
    return ConversationsExtension(**kwargs)
