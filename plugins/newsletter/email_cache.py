"""Keep each issue's rendered email files between builds; no Pelican imports.

Every build writes into a fresh staging folder, so the files are kept under the
cache folder and copied into the output while the key that made them still holds.
The key is a hash of everything the email is rendered from; an entry that is
missing, unreadable or made under another key is simply rendered again.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

# Bump when the entry layout changes; source changes are covered by the plugin's own files in the key.
ENTRY_FORMAT = 1


def _plain(value):
    """A JSON-able stand-in for template values (datetimes as ISO text)."""
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def email_key(*, view: dict, settings: dict, templates: dict[str, str], code: dict[str, bytes]) -> str:
    """SHA-256 over the template view, the settings, template sources and plugin code."""
    digest = hashlib.sha256()
    digest.update(json.dumps([ENTRY_FORMAT, _plain(view), _plain(settings), templates],
                             sort_keys=True, ensure_ascii=False).encode("utf-8"))
    for name in sorted(code):
        digest.update(name.encode("utf-8") + b"\0" + hashlib.sha256(code[name]).digest())
    return digest.hexdigest()


@dataclass
class EmailFiles:
    html: str
    text: str
    message: bytes
    summary: str  # issue.json
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


class EmailCache:
    """One JSON file per issue: ``<folder>/<slug>.json`` holding the key and the files."""

    def __init__(self, folder: str | os.PathLike):
        self.folder = Path(folder)

    def path_for(self, slug: str) -> Path:
        # The slug is also in the key, so two slugs sharing a file name only evict each other.
        return self.folder / (re.sub(r"[^A-Za-z0-9_-]", "_", slug) + ".json")

    def get(self, slug: str, key: str) -> EmailFiles | None:
        try:
            entry = json.loads(self.path_for(slug).read_text(encoding="utf-8"))
            if entry.get("key") != key:
                return None
            return EmailFiles(html=entry["html"], text=entry["text"],
                              message=base64.b64decode(entry["message"], validate=True),
                              summary=entry["summary"], warnings=list(entry["warnings"]),
                              errors=list(entry["errors"]))
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None

    def put(self, slug: str, key: str, files: EmailFiles) -> None:
        entry = {"key": key, "html": files.html, "text": files.text,
                 "message": base64.b64encode(files.message).decode("ascii"), "summary": files.summary,
                 "warnings": files.warnings, "errors": files.errors}
        self.folder.mkdir(parents=True, exist_ok=True)
        # Write then rename, so an interrupted build never leaves half an entry to reuse.
        handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=".entry.", suffix=".part")
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(entry, stream, ensure_ascii=False)
        os.replace(temporary, self.path_for(slug))
