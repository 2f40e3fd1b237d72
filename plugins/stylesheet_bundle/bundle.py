"""Joining, minifying and naming the site's one stylesheet (no Pelican here)."""

import hashlib
from collections.abc import Callable, Iterable
from pathlib import Path

import rcssmin

HASH_LENGTH = 10


def sheets_in_use(stylesheets: Iterable, plugin_is_on: Callable[[str], bool]) -> list[str]:
    """The sheets whose plugin is on (or that belong to the theme itself), in order."""
    return [sheet for sheet, plugin in stylesheets if plugin is None or plugin_is_on(plugin)]


def joined_css(static_root: Path, sheets: Iterable[str]) -> str:
    """The sheets' text one after the other; each sheet's own rules stay in its order."""
    return "\n".join((static_root / sheet).read_text(encoding="utf-8") for sheet in sheets)


def minified(css: str) -> str:
    return rcssmin.cssmin(css)


def bundle_name(pattern: str, css: str, static_dir: str) -> str:
    digest = hashlib.sha256(css.encode("utf-8")).hexdigest()[:HASH_LENGTH]
    return pattern.format(hash=digest, static_dir=static_dir)
