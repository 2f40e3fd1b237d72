"""Defaults for author_profiles; override any of them in pelicanconf.py."""

from service_voices.settings import defaults_reader

DEFAULTS = {
    # Folder under PATH with one Markdown file per author.
    "AUTHOR_PROFILES_PATH": "authors",
}

setting = defaults_reader(DEFAULTS)
