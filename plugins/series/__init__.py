"""Series: parts that read in order, with navigation, landing pages and feeds.

Authors put ``Series: <name>`` (and optionally ``Series_index: <n>``) on posts or
pages. Each published part gets ``series``, a dict compatible with the community
Pelican ``series`` plugin plus ``url``, ``total``, ``planned``, ``slug`` and
``description``. A series file in ``content/series/`` adds a description and planned
parts. The plugin writes a landing page per series, an index of all series and an
Atom feed per series.
"""

from .wiring import register

__all__ = ["register"]
