"""Read what sending needs of a built issue from the mail folder (never from the public output)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from ..settings import setting


class IssueMissing(LookupError):
    pass


@dataclass
class IssueFiles:
    slug: str
    folder: Path
    message: bytes
    meta: dict

    @property
    def subject(self) -> str:
        return self.meta.get("subject", "")


def load_issue(mail: Path, slug: str, settings: dict | None = None) -> IssueFiles:
    settings = settings or {}
    eml = Path(mail) / setting(settings, "NEWSLETTER_MESSAGE_SAVE_AS").format(slug=slug)
    if not eml.is_file():
        raise IssueMissing(f"{eml} does not exist: run `invoke build` first (or check the slug).")
    meta = {}
    meta_file = Path(mail) / setting(settings, "NEWSLETTER_ISSUE_JSON_SAVE_AS").format(slug=slug)
    if meta_file.is_file():
        try:
            meta = json.loads(meta_file.read_text(encoding="utf-8"))
        except (ValueError, OSError) as error:
            raise IssueMissing(f"{meta_file} is not readable JSON ({error}); run `invoke build` again") from None
    return IssueFiles(slug, eml.parent, eml.read_bytes(), meta)
