"""Defaults for content_checks; override any of them in pelicanconf.py."""

from service_voices.settings import defaults_reader

DEFAULTS = {
    # Layouts an author may name in ``Layout:``. Plugins give each one its template;
    # with a plugin switched off its posts still render as plain articles.
    "KNOWN_LAYOUTS": ("article", "interview", "dialogue", "whitepaper"),
}

setting = defaults_reader(DEFAULTS)
