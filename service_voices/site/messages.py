"""Pelican's own content messages, said the project's way: ``content/…/file.md:LINE: message``.

Pelican names files by absolute path or relative to the content folder, often without
a line, and some of its messages only repeat a problem a plugin already reported with
its line (a missing image, a dead ``{filename}`` link). ``ProjectMessages`` rewrites the
first kind and drops the second, so each problem is said once, in one form.
"""

from __future__ import annotations

import os
import re

from service_voices.sources import display_path, front_matter_lines_of, located

_MISSING_KEY = re.compile(r"^Skipping (?P<path>.+?): could not find information about '(?P<key>[^']+)'$")
_NOT_PROCESSED = re.compile(r"^Could not process (?P<path>.+?)(?:\s*\|\s*|: )(?P<reason>.+)$")
_NO_STAMP = re.compile(r"^Cannot get modification stamp for (?P<path>.+?): .*$")
_NOT_FOUND = re.compile(r"^Unable to find '(?P<target>[^']+)', skipping url replacement\.?$")
_REASON_KEYS = (("date", "date"), ("title", "title"), ("slug", "slug"))


class ProjectMessages:
    """Rewrites one build's log messages; remembers what was said to drop repeats."""

    def __init__(self, content_root: str = ""):
        self.content_root = content_root
        self.said: list[str] = []

    def _where(self, path: str) -> tuple[str, str]:
        absolute = path if os.path.isabs(path) else os.path.join(self.content_root, path)
        return absolute, display_path(absolute, self.content_root)

    def rewrite(self, message: str) -> str | None:
        """The message in the project's form, or None when it only repeats one already said."""
        rewritten = self._rewrite(message) if self.content_root else message
        if rewritten is not None:
            self.said.append(rewritten)
        return rewritten

    def _already_said(self, fragment: str) -> bool:
        return any(fragment in earlier for earlier in self.said)

    def _rewrite(self, message: str) -> str | None:
        found = _MISSING_KEY.match(message)
        if found:
            absolute, where = self._where(found.group("path"))
            key = found.group("key").capitalize()
            return (f"{located(where, 1)}: no {key}: line in the front matter "
                    f"(every post needs Title: and Date:)")
        found = _NOT_PROCESSED.match(message)
        if found:
            absolute, where = self._where(found.group("path"))
            reason = found.group("reason").strip()
            lines = front_matter_lines_of(absolute)
            line = next((lines[key] for word, key in _REASON_KEYS if word in reason.lower() and key in lines), None)
            return f"{located(where, line)}: {reason}"
        found = _NO_STAMP.match(message)
        if found:
            absolute, where = self._where(found.group("path"))
            relative = os.path.relpath(absolute, self.content_root)
            return None if self._already_said(relative) else f"{where}: linked from a post but does not exist"
        found = _NOT_FOUND.match(message)
        if found:
            target = found.group("target")
            return None if self._already_said(target) else f"a link to {target} points to a file that does not exist"
        return message
