"""Defaults for author_profiles; override any of them in pelicanconf.py."""

DEFAULTS = {
    # Folder under PATH with one Markdown file per author.
    "AUTHOR_PROFILES_PATH": "authors",
}


def setting(settings, name):
    return settings.get(name, DEFAULTS[name])
