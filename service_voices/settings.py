"""Reading the site's settings: one loader for builds, sending and the web service.

Every command reads ``pelicanconf.py`` or ``publishconf.py`` the way Pelican does
(``pelican.settings.read_settings``), so a value means the same thing to a build, a
send and the subscription service.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Mapping
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class SettingsFileMissing(FileNotFoundError):
    """The named settings file does not exist; the message names it."""


def load_settings(settings_file: str | os.PathLike, overrides: Mapping | None = None) -> dict:
    """The settings as a build would see them, with ``overrides`` on top."""
    from pelican.settings import read_settings  # Pelican is only imported by code that reads settings

    path = project_path(settings_file)
    if not path.is_file():
        raise SettingsFileMissing(f"{settings_file}: settings file not found")
    return read_settings(str(path), override=dict(overrides or {}))


def parse_overrides(pairs: list[str]) -> dict:
    """``KEY=JSON`` pairs from a command line; a value that is not JSON is kept as text."""
    overrides = {}
    for pair in pairs:
        key, _, value = pair.partition("=")
        try:
            overrides[key] = json.loads(value)
        except json.JSONDecodeError:
            overrides[key] = value
    return overrides


def defaults_reader(defaults: Mapping) -> Callable[[Mapping, str], object]:
    """``setting(settings, NAME)``: the user's value, else the default from ``defaults``.

    Each plugin and the mail application keep their defaults in one dict; this gives
    them the one way to read it. An unknown name is a KeyError, a bug to fix.
    """

    def setting(settings: Mapping, name: str):
        return settings.get(name, defaults[name])

    return setting


def exclude_from_posts_and_pages(settings: dict, folder: str | None) -> None:
    """Keep a plugin's own content folder away from Pelican's article and page readers.

    Call it from the ``initialized`` signal, before any generator reads its settings.
    """
    if not folder:
        return
    for key in ("ARTICLE_EXCLUDES", "PAGE_EXCLUDES"):
        current = list(settings.get(key) or [])
        if folder not in current:
            settings[key] = current + [folder]


def project_path(value: str | os.PathLike, root: Path = PROJECT_ROOT) -> Path:
    """A path from the settings: relative ones are taken from the project root."""
    path = Path(value)
    return path if path.is_absolute() else root / path
