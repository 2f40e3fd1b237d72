"""Find a compiled issue in the built site and read what sending needs from it."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path


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


def load_issue(output: Path, slug: str) -> IssueFiles:
    folder = Path(output) / "newsletter" / slug
    eml = folder / "message.eml"
    if not eml.is_file():
        known = sorted(p.parent.name for p in (Path(output) / "newsletter").glob("*/message.eml"))
        hint = f" Built issues: {', '.join(known)}." if known else ""
        raise IssueMissing(f"{eml} does not exist: run `invoke build` first (or check the slug).{hint}")
    meta = {}
    meta_file = folder / "issue.json"
    if meta_file.is_file():
        try:
            meta = json.loads(meta_file.read_text(encoding="utf-8"))
        except (ValueError, OSError) as error:
            raise IssueMissing(f"{meta_file} is not readable JSON ({error}); run `invoke build` again") from None
    return IssueFiles(slug, folder, eml.read_bytes(), meta)
