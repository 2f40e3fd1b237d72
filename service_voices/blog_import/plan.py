"""Files an import would write, and writing them without ever losing what is there.

A target that exists with the same bytes is left alone (so importing twice changes
nothing); one that differs is overwritten only when asked, and author profiles and
series files, which people edit by hand, never are.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

NEVER_OVERWRITTEN = ("profile", "series file")


@dataclass
class PlannedFile:
    path: Path
    what: str  # "post", "page", "series file", "profile", "responses", "file"
    text: str | None = None
    source: Path | None = None  # copied byte for byte when set

    def data(self) -> bytes:
        return self.source.read_bytes() if self.source is not None else self.text.encode("utf-8")


@dataclass
class Outcome:
    written: list[PlannedFile] = field(default_factory=list)
    unchanged: list[PlannedFile] = field(default_factory=list)
    refused: list[PlannedFile] = field(default_factory=list)


def _atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def check(files: list[PlannedFile], overwrite: bool) -> Outcome:
    """What writing would do, touching nothing."""
    outcome = Outcome()
    for planned in files:
        if not planned.path.exists():
            outcome.written.append(planned)
        elif planned.path.read_bytes() == planned.data():
            outcome.unchanged.append(planned)
        elif overwrite and planned.what not in NEVER_OVERWRITTEN:
            outcome.written.append(planned)
        else:
            outcome.refused.append(planned)
    return outcome


def write(outcome: Outcome) -> None:
    for planned in outcome.written:
        _atomic_write(planned.path, planned.data())
