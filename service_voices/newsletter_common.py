"""What the newsletter's build side and its mail side agree on.

The plugins (``plugins/newsletter``, ``plugins/newsletter_signup``) and the mail
application (``service_voices.newsletter_mail``) both read these settings and form
fields; their defaults live here once, so one line in pelicanconf.py changes both.
"""

SHARED_DEFAULTS = {
    "NEWSLETTER_FROM": "Service Voices <newsletter@service-voices.example>",
    # Public base URL of the subscription service (no trailing slash needed). Empty
    # means no sign-up form on the site, and sending refuses to run without it.
    "NEWSLETTER_SERVICE_URL": "",
    # Where a sign-up is sent after the form: relative to SITEURL, or absolute.
    "NEWSLETTER_SIGNUP_THANKS_URL": "newsletter-thanks/",
    # Words of the sign-up form, in the site's footer and on the service's own page.
    "NEWSLETTER_SIGNUP_HEADING": "Get the monthly newsletter",
    "NEWSLETTER_SIGNUP_TEXT": "One email a month with the new posts. Unsubscribe with one click.",
    "NEWSLETTER_SIGNUP_BUTTON": "Subscribe",
    "NEWSLETTER_SIGNUP_ASK_NAME": True,
}

# The fields the sign-up form and the service agree on. The honeypot is a text field
# people never see; bots that fill every field give themselves away.
FIELD_EMAIL = "email"
FIELD_NAME = "name"
FIELD_HONEYPOT = "website"
