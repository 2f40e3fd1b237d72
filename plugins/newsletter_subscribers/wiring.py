from pelican import signals

from .settings import DEFAULTS


def expose_settings(pelican):
    """Templates can test NEWSLETTER_SERVICE_URL even when pelicanconf.py leaves it out."""
    for name in ("NEWSLETTER_SERVICE_URL",):
        pelican.settings.setdefault(name, DEFAULTS[name])


def connect_signals():
    signals.initialized.connect(expose_settings)
