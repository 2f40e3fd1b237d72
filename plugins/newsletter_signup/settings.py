"""Defaults for newsletter_signup; override any of them in pelicanconf.py.

The service also reads NEWSLETTER_DB, NEWSLETTER_FROM and NEWSLETTER_CONFIRM_MAX_AGE,
shared with the sending tasks, whose defaults live in
plugins/newsletter_subscribers/settings.py. NEWSLETTER_SECRET and the SMTP_* settings
come from the environment only.
"""

DEFAULTS = {
    # Public base URL of the subscription service. Empty: the theme shows no form.
    # (Same default as newsletter_subscribers, so the form works with that plugin off.)
    "NEWSLETTER_SERVICE_URL": "",
    # Where a sign-up is sent after the form: relative to SITEURL, or absolute.
    "NEWSLETTER_SIGNUP_THANKS_URL": "newsletter-thanks/",
    # Words of the footer form.
    "NEWSLETTER_SIGNUP_HEADING": "Get the monthly newsletter",
    "NEWSLETTER_SIGNUP_TEXT": "One email a month with the new posts. Unsubscribe with one click.",
    "NEWSLETTER_SIGNUP_BUTTON": "Subscribe",
    "NEWSLETTER_SIGNUP_ASK_NAME": True,
    # Abuse limits: sign-ups per client address and per email address in a window.
    "NEWSLETTER_SIGNUP_CLIENT_LIMIT": 10,
    "NEWSLETTER_SIGNUP_EMAIL_LIMIT": 3,
    "NEWSLETTER_SIGNUP_LIMIT_WINDOW": 3600,
    # Port `invoke subscriptions` listens on (always on 127.0.0.1 unless told).
    "NEWSLETTER_SIGNUP_PORT": 8025,
}

# The fields the form and the service agree on. The honeypot is a text field people
# never see; bots that fill every field give themselves away.
FIELD_EMAIL = "email"
FIELD_NAME = "name"
FIELD_HONEYPOT = "website"
NAME_MAX_LENGTH = 100


def setting(settings, name):
    return settings.get(name, DEFAULTS[name])
