"""Defaults for conversations; override any of them in pelicanconf.py."""

from service_voices.settings import defaults_reader

DEFAULTS = {
    # Template (theme/templates/<name>.html) used for each conversation layout.
    "CONVERSATIONS_TEMPLATES": {"interview": "interview", "dialogue": "dialogue"},
    # Warn when a speaker listed in ``Speakers:`` never has a turn.
    "CONVERSATIONS_WARN_SILENT_SPEAKERS": True,
}

setting = defaults_reader(DEFAULTS)
