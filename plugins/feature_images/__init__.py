"""Feature images: a post's own picture (``Image:`` and ``Image_alt:`` front matter),
shown in lists and at the top of the post in several widths, resized at build time.

Each width is cached under ``CACHE_PATH`` by the source file's content, so a rebuild
resizes only new or changed pictures. Posts get ``feature_image`` (``src``, ``srcset``,
``width``, ``height``, ``alt``, ``url`` of the largest), which the theme prints with
width and height always set, and which social_cards uses instead of drawing a card.
"""

from .renditions import rendition_widths, resize
from .wiring import register

__all__ = ["register", "rendition_widths", "resize"]
