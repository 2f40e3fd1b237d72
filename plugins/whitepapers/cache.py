"""Keep rendered PDFs between builds, keyed by a hash of everything that shapes them.

Every build writes into a fresh staging folder, so a PDF cannot be "left in place":
it is kept under the cache folder and copied into the output while its key holds.
No Pelican imports.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path


def cache_key(*parts: str | bytes) -> str:
    """A SHA-256 over the parts, each length-prefixed so that ("ab", "c") != ("a", "bc")."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


def file_digest(path: str | os.PathLike) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


class PdfCache:
    """One file per paper: ``<folder>/<slug>.<key>.pdf``; older keys of a slug are removed.

    Beside each PDF, ``.notes`` keeps the warnings its rendering raised (a missing
    image, say), so a rebuild that reuses the PDF repeats them instead of going quiet,
    and ``.html`` keeps the print HTML it was rendered from, to inspect or re-time.
    """

    def __init__(self, folder: str | os.PathLike):
        self.folder = Path(folder)

    def path_for(self, slug: str, key: str) -> Path:
        return self.folder / f"{slug}.{key[:24]}.pdf"

    def get(self, slug: str, key: str) -> tuple[Path, list[str]] | None:
        """The cached PDF and its rendering warnings, or None when there is none for this key."""
        path = self.path_for(slug, key)
        if not path.is_file():
            return None
        notes = path.with_suffix(".notes")
        lines = notes.read_text(encoding="utf-8").splitlines() if notes.is_file() else []
        return path, lines

    def put(self, slug: str, key: str, data: bytes, notes: list[str] = (), html: str = "") -> Path:
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.path_for(slug, key)
        # Write then rename, so an interrupted build never leaves half a PDF to reuse.
        handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=f".{slug}.", suffix=".part")
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        path.with_suffix(".notes").write_text("".join(f"{note}\n" for note in notes), encoding="utf-8")
        path.with_suffix(".html").write_text(html, encoding="utf-8")
        os.replace(temporary, path)
        for stale in self.folder.glob(f"{slug}.*.*"):
            if stale.stem != path.stem and stale.name.count(".") == 2:
                stale.unlink(missing_ok=True)
        return path
