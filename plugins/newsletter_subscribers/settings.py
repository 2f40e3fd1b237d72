"""Defaults for the subscriber list; override any of them in pelicanconf.py.

The HMAC secret is deliberately not here: it is read only from the environment
variable NEWSLETTER_SECRET, so it can never be committed with the settings.
"""

import os

DEFAULTS = {
    # Relative paths are taken from the project root. Keep it out of output/:
    # `invoke clean` removes output/, and the list must survive that.
    "NEWSLETTER_DB": "newsletter.db",
    # Public base URL of the subscription service (no trailing slash needed).
    # Empty means no sign-up form, and sending refuses to run without it.
    "NEWSLETTER_SERVICE_URL": "",
    "NEWSLETTER_FROM": "Service Voices <newsletter@service-voices.example>",
    # Optional address added to List-Unsubscribe as a mailto: alternative.
    "NEWSLETTER_UNSUBSCRIBE_MAILTO": "",
    # Seconds a confirmation link stays valid.
    "NEWSLETTER_CONFIRM_MAX_AGE": 48 * 3600,
}

SECRET_ENV = "NEWSLETTER_SECRET"


def setting(settings, name):
    return settings.get(name, DEFAULTS[name])


def secret(environ=None) -> str:
    """The HMAC secret, or "" when NEWSLETTER_SECRET is not set."""
    return (environ if environ is not None else os.environ).get(SECRET_ENV, "")
