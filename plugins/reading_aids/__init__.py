"""Reading aids for posts: reading time, a table of contents on long posts, related
posts by shared tags and links to the previous and next post; lazy, sized images.

Templates read them from each published article as ``reading_time`` (whole minutes),
``toc`` (a list of ``TocEntry``; empty for short posts), ``related_posts``,
``previous_post`` (older) and ``next_post`` (newer). The contents list comes from the
headings the shared Markdown reader records (``article.headings``); image hints are
added by a Markdown extension as each post and page is read.
"""

from .images import ImageHintsExtension, add_image_hints
from .neighbours import previous_and_next, related_posts
from .text import count_words, reading_minutes
from .toc import TocEntry, table_of_contents, wants_contents
from .wiring import register

__all__ = ["ImageHintsExtension", "TocEntry", "add_image_hints", "count_words", "previous_and_next",
           "reading_minutes", "related_posts", "table_of_contents", "register", "wants_contents"]
