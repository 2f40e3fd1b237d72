"""The contents list of a long post, from the headings the Markdown reader recorded."""

from __future__ import annotations

from collections.abc import Sequence

from service_voices.outline import OutlineEntry, outline, section_headings
from service_voices.post_records import Heading

# What templates iterate over in ``article.toc``: ``entry.anchor``, ``entry.text``,
# ``entry.children``.
TocEntry = OutlineEntry

_OFF = {"off", "no", "false", "0", "none"}


def wants_contents(toc_value, lists_own_contents: bool) -> bool:
    """Whether reading_aids may give the post a contents list at all.

    ``Toc:`` in the front matter decides when it is there (``off`` and the like switch
    the list off). Without it, a post that already lists its own contents (an
    interview's questions, a white paper's sections) gets none.
    """
    if toc_value is not None:
        return str(toc_value).strip().casefold() not in _OFF
    return not lists_own_contents


def table_of_contents(headings: Sequence[Heading], words: int, min_words: int, min_headings: int) -> list[TocEntry]:
    """The nested ``##``/``###`` headings, or an empty list when the post is too short to need one."""
    if words < min_words or len(section_headings(headings)) < min_headings:
        return []
    return outline(headings)
