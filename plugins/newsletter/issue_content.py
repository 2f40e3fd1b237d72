"""A newsletter issue as Pelican reads it.

Reading an issue into a Pelican content object lets Pelican do for issues what it
does for posts: resolve ``{static}``, ``{filename}`` and ``{attach}`` links, copy the
files they name, and let posts link to an issue with ``{filename}``.
"""

from __future__ import annotations

import os

from pelican.contents import Content

from .settings import setting

LINKS_TO_FILES = ("static", "attach", "filename")


class NewsletterIssue(Content):
    """Its URL and output path come from NEWSLETTER_ISSUE_URL and NEWSLETTER_ISSUE_SAVE_AS."""

    default_status = "published"

    def _expand_settings(self, key: str, klass: str | None = None) -> str:
        # Pelican asks for URL/SAVE_AS, or LANG_URL/LANG_SAVE_AS for a translation;
        # an issue has the one pair of settings.
        name = "NEWSLETTER_ISSUE_" + key.upper().removeprefix("LANG_")
        return str(setting(self.settings, name)).format(**self.url_format)

    def unresolved_links(self, html: str) -> list[tuple[str, str]]:
        """(kind, target) of each file link in ``html`` that Pelican left as written.

        Pelican replaces every link whose file it knows, so one still written as
        ``{static}…`` in the finished HTML names a file that does not exist.
        """
        return [(found["what"], found["value"]) for found in self._get_intrasite_link_regex().finditer(html)
                if found["what"] in LINKS_TO_FILES]

    def missing_files(self) -> list[str]:
        """Content-relative paths of ``{static}``/``{attach}`` files that do not exist.

        Pelican still gives such a link an address (a page that would 404), so
        unresolved_links() cannot see it.
        """
        root = self.settings["PATH"]
        return sorted(path for path in self.get_static_links() if not os.path.isfile(os.path.join(root, path)))

    def linked_files(self) -> dict[str, str]:
        """Source path of each ``{static}``/``{attach}`` file by its URL on the site.

        Read after get_content(): an ``{attach}`` file moves next to the issue then.
        """
        known = self._context.get("static_content", {})
        found = (known.get(path) for path in self.get_static_links())
        return {static.url: static.source_path for static in found if static is not None}
