"""Settings of the newsletter's mail side: subscriber list, sending and the web service.

Override any default in pelicanconf.py/publishconf.py. Server addresses, credentials
and keys come only from the environment, so no password or private key ever sits in
a file in the repository: NEWSLETTER_SECRET (the HMAC secret for links), SMTP_HOST,
SMTP_PORT, SMTP_USER, SMTP_PASSWORD, SMTP_TLS (none, starttls or ssl), and for
optional DKIM signing NEWSLETTER_DKIM_SELECTOR, NEWSLETTER_DKIM_DOMAIN and
NEWSLETTER_DKIM_KEY_FILE (a PEM private key kept outside the repository).
"""

from __future__ import annotations

import os
from pathlib import Path

from service_voices.newsletter_common import SHARED_DEFAULTS
from service_voices.settings import defaults_reader, project_path

DEFAULTS = {
    **SHARED_DEFAULTS,
    # Relative paths are taken from the project root. Keep it out of output/:
    # `invoke clean` removes output/, and the list must survive that.
    "NEWSLETTER_DB": "newsletter.db",
    # Optional address added to List-Unsubscribe as a mailto: alternative.
    "NEWSLETTER_UNSUBSCRIBE_MAILTO": "",
    # Seconds a confirmation link stays valid.
    "NEWSLETTER_CONFIRM_MAX_AGE": 48 * 3600,
    # Greeting used when a subscriber has no name: "Hi there,".
    "NEWSLETTER_GREETING_FALLBACK": "there",
    # Seconds to wait before each retry after a 4xx reply; its length bounds the retries.
    # Greylisting servers accept a retry after a few minutes, within these delays.
    "NEWSLETTER_RETRY_DELAYS": (30, 120, 600),
    # Stop the send after this many refusals (5xx) or failed connections in a row;
    # 4xx deferrals do not count.
    "NEWSLETTER_MAX_FAILURES_IN_ROW": 10,
    # Attempts to (re)connect before the send stops; waits grow 1 s, 2 s, 4 s...
    "NEWSLETTER_CONNECT_ATTEMPTS": 4,
    # RFC 5321 4.5.3.2: 5 minutes for the server's replies to commands, 10 minutes for
    # its reply after a message's final "." (it may be delivering it meanwhile).
    "NEWSLETTER_SMTP_TIMEOUT": 300,
    "NEWSLETTER_SMTP_DATA_TIMEOUT": 600,
    # SMTP connections used side by side. One connection to a relay 50 ms away carries
    # about 20 messages a second; a relay that answers 421/454 "too many connections"
    # gets fewer (the sender backs off by itself).
    "NEWSLETTER_SMTP_CONNECTIONS": 8,
    # URL prefixes that links in an issue may point to besides SITEURL, e.g.
    # ("https://www.youtube.com/",). Every link must be https either way.
    "NEWSLETTER_LINK_ALLOWLIST": (),
    # Abuse limits of the sign-up service: sign-ups per client address and per email
    # address in a window of this many seconds.
    "NEWSLETTER_SIGNUP_CLIENT_LIMIT": 10,
    "NEWSLETTER_SIGNUP_EMAIL_LIMIT": 3,
    "NEWSLETTER_SIGNUP_LIMIT_WINDOW": 3600,
    # Port `invoke subscriptions` listens on (always on 127.0.0.1 unless told).
    "NEWSLETTER_SIGNUP_PORT": 8025,
}

SECRET_ENV = "NEWSLETTER_SECRET"

DKIM_HEADERS = (b"from", b"to", b"subject", b"date", b"message-id", b"mime-version", b"content-type",
                b"list-id", b"list-unsubscribe", b"list-unsubscribe-post")

setting = defaults_reader(DEFAULTS)


def secret(environ=None) -> str:
    """The HMAC secret, or "" when NEWSLETTER_SECRET is not set."""
    return (environ if environ is not None else os.environ).get(SECRET_ENV, "")


class DatabasePlacementError(ValueError):
    """The subscriber database would be replaced or published by a build."""


def database_path(settings: dict, override: str = "") -> Path:
    """Where the subscriber database is, refusing a place that builds replace."""
    path = project_path(override or setting(settings, "NEWSLETTER_DB"))
    output = project_path(settings.get("OUTPUT_PATH") or "output").resolve()
    if output in path.resolve().parents:
        raise DatabasePlacementError(
            f"NEWSLETTER_DB points into {output}, which builds and `invoke clean` replace; "
            "keep the subscriber database outside it.")
    return path
