"""Reject posts whose front matter Pelican would otherwise accept silently.

Pelican already reports unparseable dates and missing titles. This plugin adds the
checks it cannot know about: an unknown ``Layout:`` value and a malformed
``Authors:`` line. Each problem is logged as one error naming the source file, which
makes ``invoke build`` fail and keeps the last good ``output/``.
"""

from .checks import authors_field_problems, layout_problem, missing_static_links, read_front_matter
from .wiring import register

__all__ = ["authors_field_problems", "layout_problem", "missing_static_links", "read_front_matter", "register"]
