"""Defaults for conversations; override any of them in pelicanconf.py."""

DEFAULTS = {
    # Template (theme/templates/<name>.html) used for each conversation layout.
    "CONVERSATIONS_TEMPLATES": {"interview": "interview", "dialogue": "dialogue"},
    # Warn when a speaker listed in ``Speakers:`` never has a turn.
    "CONVERSATIONS_WARN_SILENT_SPEAKERS": True,
}


def setting(settings, name):
    return settings.get(name, DEFAULTS[name])
