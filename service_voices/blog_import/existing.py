"""What the site already has, read from its content folder: slugs and series titles."""

from __future__ import annotations

from pathlib import Path


def _header(path: Path) -> dict[str, str]:
    """The ``Key: value`` lines at the top of a Markdown file, keys in lower case."""
    values = {}
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        if not line.strip():
            break
        key, colon, value = line.partition(":")
        if colon:
            values.setdefault(key.strip().lower(), value.strip())
    return values


def existing_slugs(folder: Path) -> dict[str, Path]:
    """Slug -> file of the posts (or pages) already in the site."""
    slugs = {}
    for path in sorted(folder.glob("*.md")) if folder.is_dir() else []:
        slugs[_header(path).get("slug") or path.stem] = path
    return slugs


def existing_series(folder: Path) -> dict[Path, str]:
    """Series file -> its Title."""
    return {path: _header(path).get("title", "") for path in sorted(folder.glob("*.md"))} if folder.is_dir() else {}
