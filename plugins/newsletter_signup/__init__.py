"""The newsletter sign-up: a footer form on the static site, and the small web
service that takes sign-ups (double opt-in) and honours one-click unsubscribes.

As a Pelican plugin it only hands the NEWSLETTER_SIGNUP_* settings to the theme. The
service lives in app.py (Starlette, run by uvicorn through runner.py or
`invoke subscriptions`) and shares the subscriber database of newsletter_subscribers.
"""


def register():
    # Imported here so that the service, which never builds the site, does not load Pelican.
    from .wiring import connect_signals

    connect_signals()
