"""Defaults for sending; override any of them in pelicanconf.py.

Server addresses, credentials and keys come only from the environment, so that no
password or private key ever sits in a file in the repository:
SMTP_HOST, SMTP_PORT, SMTP_USER, SMTP_PASSWORD, SMTP_TLS (none, starttls or ssl),
and for optional DKIM signing NEWSLETTER_DKIM_SELECTOR, NEWSLETTER_DKIM_DOMAIN and
NEWSLETTER_DKIM_KEY_FILE (a PEM private key kept outside the repository).
"""

DEFAULTS = {
    # Greeting used when a subscriber has no name: "Hi there,".
    "NEWSLETTER_GREETING_FALLBACK": "there",
    # Seconds to wait before each retry after a 4xx reply; its length bounds the retries.
    "NEWSLETTER_RETRY_DELAYS": (30, 120, 600),
    # Stop the send after this many recipients in a row were not accepted.
    "NEWSLETTER_MAX_FAILURES_IN_ROW": 10,
    # Attempts to (re)connect before the send stops; waits grow 1 s, 2 s, 4 s...
    "NEWSLETTER_CONNECT_ATTEMPTS": 4,
    "NEWSLETTER_SMTP_TIMEOUT": 60,
}

DKIM_HEADERS = (b"from", b"to", b"subject", b"date", b"message-id", b"mime-version", b"content-type",
                b"list-id", b"list-unsubscribe", b"list-unsubscribe-post")


def setting(settings, name):
    return settings.get(name, DEFAULTS[name])
