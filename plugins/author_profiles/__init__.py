"""Author bios and photos, written as Markdown files under ``content/authors/``.

Each file holds ``Name:``, ``Role:`` and ``Photo:`` lines and a bio paragraph. The
profiles reach every template as ``author_profiles`` (a dict keyed by author name),
so author pages, bylines and white papers can show who wrote what.
"""

from .profiles import AuthorProfile, profile_from_metadata
from .wiring import register

__all__ = ["AuthorProfile", "profile_from_metadata", "register"]
