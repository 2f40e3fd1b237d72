"""Conversation layouts: Q&A interviews, co-authored dialogues and transcripts.

Authors write plain Markdown with ``Layout: interview`` (``Q:`` paragraphs) or
``Layout: dialogue`` (``Label:`` paragraphs for the labels in ``Speakers:``). A
Python-Markdown extension (``mdext``) turns those paragraphs into numbered question
headings and speaker turns inside the post's HTML, so feeds and emails get the
layout too, and records the questions and turns as data (``record``), which the
shared Markdown reader hands to the Pelican side as ``article.conversation``. The
Pelican side picks the interview/dialogue templates, exposes the question list and
speakers to them, and reports malformed posts naming the file.
"""

from .arrange import arrange_dialogue, arrange_interview
from .mdext import ConversationsExtension
from .record import record_conversation
from .wiring import register

__all__ = ["ConversationsExtension", "arrange_dialogue", "arrange_interview", "record_conversation", "register"]
