"""Defaults for the footer sign-up form; override any of them in pelicanconf.py.

The form's words, the service URL and the thank-you page are shared with the
subscription service, so their defaults live in service_voices/newsletter_common.py;
the service's own settings (limits, port) are in service_voices/newsletter_mail/settings.py.
"""

from service_voices.newsletter_common import SHARED_DEFAULTS
from service_voices.settings import defaults_reader

DEFAULTS = dict(SHARED_DEFAULTS)

setting = defaults_reader(DEFAULTS)
