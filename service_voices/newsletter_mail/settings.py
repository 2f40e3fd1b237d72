"""Settings of the newsletter's mail side: subscriber list, sending and the web service.

Override any default in pelicanconf.py/publishconf.py. Server addresses, credentials
and keys come only from the environment, so no password or private key ever sits in
a file in the repository: NEWSLETTER_SECRET (the HMAC secret for links), SMTP_HOST,
SMTP_PORT, SMTP_USER, SMTP_PASSWORD, SMTP_TLS (none, starttls or ssl), and for
optional DKIM signing NEWSLETTER_DKIM_SELECTOR, NEWSLETTER_DKIM_DOMAIN and
NEWSLETTER_DKIM_KEY_FILE (a PEM private key kept outside the repository). The bounce
mailbox and the provider webhooks: IMAP_HOST, IMAP_PORT, IMAP_USER, IMAP_PASSWORD,
IMAP_TLS (ssl or starttls), NEWSLETTER_MAILGUN_SIGNING_KEY,
NEWSLETTER_SENDGRID_PUBLIC_KEY, NEWSLETTER_POSTMARK_USER, NEWSLETTER_POSTMARK_PASSWORD
and NEWSLETTER_POSTMARK_PATH_SECRET.
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
    # Bounces and complaints. With a bounce address such as "bounces@example.com",
    # each message's envelope sender is bounces+<token>@example.com (VERP), so a
    # bounce names its recipient and issue however the remote server words it.
    "NEWSLETTER_BOUNCE_ADDRESS": "",
    # Soft bounces (mailbox full, greylisting given up, delays) in this many different
    # issues among the last NEWSLETTER_SOFT_BOUNCE_ISSUES sent to an address bounce it.
    "NEWSLETTER_SOFT_BOUNCE_LIMIT": 3,
    "NEWSLETTER_SOFT_BOUNCE_ISSUES": 5,
    # The IMAP folder (or Maildir++ subfolder) processed bounce mail is moved to.
    "NEWSLETTER_BOUNCE_PROCESSED_FOLDER": "Processed",
    # Amazon SES through SNS: the topics whose notifications are believed (anyone can
    # point a topic of their own at the webhook), and the hosts the signing
    # certificate and the subscription link may come from (a regular expression).
    "NEWSLETTER_SNS_TOPIC_ARNS": (),
    "NEWSLETTER_SNS_HOST_PATTERN": r"sns\.[a-z0-9-]+\.amazonaws\.com(\.cn)?",
    # Mailgun webhooks signed longer ago than this many seconds are replays.
    "NEWSLETTER_WEBHOOK_MAX_AGE": 300,
}

SECRET_ENV = "NEWSLETTER_SECRET"

DKIM_HEADERS = (b"from", b"to", b"subject", b"date", b"message-id", b"mime-version", b"content-type",
                b"list-id", b"list-unsubscribe", b"list-unsubscribe-post")

setting = defaults_reader(DEFAULTS)


def secret(environ=None) -> str:
    """The HMAC secret, or "" when NEWSLETTER_SECRET is not set."""
    return (environ if environ is not None else os.environ).get(SECRET_ENV, "")


class DatabasePlacementError(ValueError):
    """The subscriber database (or an export of it) would be published, read or replaced by a build."""


def published_folders(settings: dict) -> list[tuple[str, Path]]:
    """(setting, folder) for every folder a build writes, copies or reads, symlinks resolved.

    OUTPUT_PATH is written (and emptied by `invoke clean`); PATH is read, and its
    STATIC_PATHS are copied into the site as they are; the theme's files are read and
    its static folder copied.
    """
    # Pelican's own default PATH is the current folder; a settings dict that never
    # went through Pelican (a test's) means the project's content folder.
    content = project_path(settings.get("PATH") or "content")
    folders = [("OUTPUT_PATH", project_path(settings.get("OUTPUT_PATH") or "output")), ("PATH", content)]
    folders += [("STATIC_PATHS", content / static) for static in settings.get("STATIC_PATHS") or ()]
    if settings.get("THEME"):
        folders.append(("THEME", project_path(settings["THEME"])))
    return [(name, folder.resolve()) for name, folder in folders]


def refuse_published(settings: dict, path: Path, what: str) -> Path:
    """``path`` unchanged, or DatabasePlacementError when it lies in a folder a build publishes or reads.

    Both sides are resolved first, so "..", a relative spelling or a symlink (to the
    file or to any folder on the way) cannot hide where the file really is.
    """
    resolved = path.expanduser().resolve()
    for name, folder in published_folders(settings):
        if resolved == folder or folder in resolved.parents:
            raise DatabasePlacementError(
                f"{what} points into {folder} ({name}), which a build publishes, reads or replaces; "
                f"keep {path} outside the site's folders.")
    return path


def database_path(settings: dict, override: str = "") -> Path:
    """Where the subscriber database is, refusing a place a build could publish or replace."""
    path = project_path(Path(override or setting(settings, "NEWSLETTER_DB")).expanduser())
    return refuse_published(settings, path, "NEWSLETTER_DB" if not override else "--db")
