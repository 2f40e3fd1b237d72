"""The Python-Markdown extension: ``Layout: interview`` / ``Layout: dialogue`` posts.

It reads the post's own front matter from the ``meta`` extension (``md.Meta``), so
one extension instance serves every file, and a post without ``Layout:`` (or with
any other layout) comes out exactly as plain Markdown would render it.

It also records what it made, as data, on the Markdown instance: ``md.conversation``
(a ``service_voices.post_records.Conversation`` with the questions and turns, or
None for other posts). The Markdown reader hands that to the Pelican side.

Usable without Pelican::

    md = markdown.Markdown(extensions=["meta", "toc", ConversationsExtension()])
    html = md.convert(text)
    md.conversation.questions
"""

from __future__ import annotations

from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from service_voices.markdown_records import RECORD_PRIORITY, meta_value
from service_voices.post_records import DIALOGUE, INTERVIEW

from .arrange import Arrangement, arrange_dialogue, arrange_interview, pin_question_ids
from .markers import split_labels
from .record import record_conversation

# Before the footnotes extension (50) appends its list, so footnotes never end up
# inside the last answer or turn, and before inline markup (20), so markers are
# still the raw text the author typed.
PRIORITY = 55
# After attr_list (8), which may set another id from "{#id}", and before toc (5).
PIN_PRIORITY = 7.5


class ConversationTreeprocessor(Treeprocessor):
    def __init__(self, md):
        super().__init__(md)
        # Only the document being converted right now; replaced on every run.
        self.layout = ""
        self.arrangement = Arrangement()

    def run(self, root):
        self.arrangement = Arrangement()
        meta = getattr(self.md, "Meta", None) or {}
        layout = meta_value(meta, "layout").lower()
        self.layout = layout if layout in (INTERVIEW, DIALOGUE) else ""
        if layout == INTERVIEW:
            self.arrangement = arrange_interview(root, meta_value(meta, "interviewee"))
        elif layout == DIALOGUE:
            speakers = split_labels(meta_value(meta, "speakers"))
            if speakers:
                self.arrangement = arrange_dialogue(root, speakers, split_labels(meta_value(meta, "authors")),
                                                    thread=bool(meta_value(meta, "thread")))
        return None


class QuestionIdTreeprocessor(Treeprocessor):
    def __init__(self, md, arranger: ConversationTreeprocessor):
        super().__init__(md)
        self.arranger = arranger

    def run(self, root):
        pin_question_ids(self.arranger.arrangement.questions)
        return None


class ConversationRecorder(Treeprocessor):
    """Leaves ``md.conversation``: a ``post_records.Conversation``, or None for other posts."""

    def __init__(self, md, arranger: ConversationTreeprocessor):
        super().__init__(md)
        self.arranger = arranger

    def run(self, root):
        layout = self.arranger.layout
        self.md.conversation = record_conversation(layout, self.arranger.arrangement, self.md) if layout else None
        return None


class ConversationsExtension(Extension):
    def extendMarkdown(self, md):
        md.conversation = None
        arranger = ConversationTreeprocessor(md)
        md.treeprocessors.register(arranger, "conversations", PRIORITY)
        md.treeprocessors.register(QuestionIdTreeprocessor(md, arranger), "conversations-ids", PIN_PRIORITY)
        md.treeprocessors.register(ConversationRecorder(md, arranger), "conversations-record", RECORD_PRIORITY)


def makeExtension(**kwargs):  # lets Markdown load it by the name "conversations.mdext"
    return ConversationsExtension(**kwargs)
