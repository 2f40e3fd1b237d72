"""Reading aids for posts: reading time, a table of contents on long posts, related
posts by shared tags and links to the previous and next post.

Templates read them from each published article as ``reading_time`` (whole minutes),
``toc`` (a list of ``TocEntry``; empty for short posts), ``related_posts``,
``previous_post`` (older) and ``next_post`` (newer).
"""

from .neighbours import previous_and_next, related_posts
from .text import count_words, reading_minutes
from .toc import TocEntry, headings, table_of_contents
from .wiring import register

__all__ = ["TocEntry", "count_words", "headings", "previous_and_next", "reading_minutes",
           "related_posts", "table_of_contents", "register"]
