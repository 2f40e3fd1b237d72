"""What every newsletter command needs first: the settings and the subscriber store.

Problems come out as one line and an exit code (invoke's Exit), never a traceback.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from invoke import Exit

from service_voices.settings import SettingsFileMissing, load_settings

from .settings import DatabasePlacementError, database_path
from .subscribers.store import SubscriberStore

# The newsletter's mail commands act on the live list and the live site, so they read
# the live settings unless told otherwise.
DEFAULT_SETTINGS = "publishconf.py"

COMMON_HELP = {
    "db": "subscriber database (default: NEWSLETTER_DB from the settings, newsletter.db)",
    "settings": "settings file to read NEWSLETTER_* values from (default pelicanconf.py)",
}


def read_config(settings_file: str) -> dict:
    try:
        return load_settings(settings_file)
    except SettingsFileMissing as error:
        raise Exit(str(error), code=2) from None
    except Exception as error:  # the settings file is Python: anything can go wrong in it, said in one line
        raise Exit(f"{settings_file}: cannot use these settings ({type(error).__name__}: {error})", code=2) from None


def db_path(config: dict, db: str) -> Path:
    try:
        return database_path(config, db)
    except DatabasePlacementError as error:
        raise Exit(str(error), code=2) from None


def open_database(settings_file: str, db: str, store_class, what: str = "subscriber database"):
    """``(settings, store_class(path))`` for the database the settings name, or one line and exit 1."""
    config = read_config(settings_file)
    path = db_path(config, db)
    try:
        return config, store_class(path)
    except (OSError, sqlite3.Error) as error:
        raise Exit(f"{path}: cannot open the {what} ({error}).", code=1) from None


def open_store(settings_file: str, db: str) -> tuple[dict, SubscriberStore]:
    return open_database(settings_file, db, SubscriberStore)
