"""Defaults for author_profiles; override any of them in pelicanconf.py."""

from service_voices.settings import defaults_reader

DEFAULTS = {
    # Folder under PATH with one Markdown file per author.
    "AUTHOR_PROFILES_PATH": "authors",
    # A byline name with no profile is a warning (naming the closest profile); True
    # makes it an error. A site without any profile is never warned.
    "AUTHOR_PROFILES_REQUIRED": False,
}

setting = defaults_reader(DEFAULTS)
