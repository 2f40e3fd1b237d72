"""Fingerprints of what every template can reach: the build's shared context.

Pelican hands every template the whole context: the lists of all posts and pages,
categories, tags, authors, and whatever plugins add (series, author profiles...).
A page depends on the ones its template reads (``template_names``). Posts inside
these are named by their front matter, not their text: a list of all posts shows
titles, dates and links, and a page that shows a post's text is given that post
(see ``fingerprints``).
"""

from __future__ import annotations

import os

from service_voices.markdown_reader import RECORDED_KEYS

from .fingerprints import fingerprint, is_content

# The shared lists of posts, pages and files. A page given one of them as its own
# (``all_articles``, the home page's ``articles``) is given the whole site.
CONTENT_LISTS = ("articles", "dates", "drafts", "hidden_articles", "pages", "hidden_pages", "draft_pages",
                 "generated_content", "static_content", "static_links", "staticfiles")


class SharedContext:
    """One build's shared context, each variable fingerprinted when first needed."""

    def __init__(self, context: dict, settings: dict):
        self.context = context
        self.settings = settings
        self._tokens: dict[int, str] = {}
        self._variables: dict[str, str] = {}
        self._by_name: dict[str, list] | None = None
        self.sources = {item.source_path for item in self.contents()}
        self._lists = {id(context[name]): name for name in CONTENT_LISTS if context.get(name) is not None}

    def contents(self):
        for name in CONTENT_LISTS:
            value = self.context.get(name)
            for item in (value.values() if isinstance(value, dict) else value or ()):
                if is_content(item):
                    yield item

    def token(self, content) -> str:
        """A post as a list shows it: its file and front matter, not its text."""
        key = id(content)
        if key not in self._tokens:
            # What the reader recorded from the body (headings, first paragraph) is text.
            front_matter = {name: value for name, value in content.metadata.items() if name not in RECORDED_KEYS}
            self._tokens[key] = f"<content {content.source_path} {fingerprint(front_matter)}>"
        return self._tokens[key]

    def is_setting(self, name: str) -> bool:
        return name in self.settings and self.settings[name] is self.context.get(name)

    def of(self, name: str) -> str:
        if name not in self._variables:
            self._variables[name] = fingerprint(self.context.get(name), named=self.token)
        return self._variables[name]

    def site_wide(self, value) -> str | None:
        """The shared list ``value`` is, if it is one."""
        return self._lists.get(id(value))

    def everything(self) -> str:
        """For a template whose reads cannot be listed: every shared variable."""
        names = sorted(name for name in self.context if not self.is_setting(name))
        return fingerprint([(name, self.of(name)) for name in names])

    def linked(self, names: list[str]) -> str:
        """Where the posts and files of these names are in the site (front matter decides it)."""
        if self._by_name is None:
            self._by_name = {}
            for mapping in ("generated_content", "static_content"):
                for item in (self.context.get(mapping) or {}).values():
                    if is_content(item):
                        self._by_name.setdefault(os.path.basename(item.source_path), []).append(item)
        return fingerprint([(name, sorted(self.token(item) for item in self._by_name.get(name, ())))
                            for name in names])
