"""RESPONSES_* settings shared by the build (plugins/responses) and the service (routes.py).

Override any of them in pelicanconf.py.
"""

from __future__ import annotations

from pathlib import Path

from service_voices.settings import defaults_reader, project_path

DEFAULTS = {
    # Comments are open on every post unless its front matter says `Comments: off`.
    "RESPONSES_DEFAULT_OPEN": True,
    # Close the form on posts older than this many days (0: never).
    "RESPONSES_CLOSE_AFTER_DAYS": 0,
    # Where the service sends form posts and webmentions; empty: NEWSLETTER_SERVICE_URL.
    "RESPONSES_SERVICE_URL": "",
    # Author name (as in Authors:) -> the address their moderation mail goes to. A
    # comment sent from that address on their own post is theirs and needs no moderation.
    "RESPONSES_MODERATORS": {},
    # Who moderates posts whose authors have no address above.
    "RESPONSES_MODERATOR_FALLBACK": "",
    # Publish at once the comments of anyone with an earlier approved comment.
    "RESPONSES_AUTO_APPROVE_KNOWN": False,
    # The build writes the posts that take responses here (never into the output), and
    # the service reads it to know each post's title, authors and whether it is open.
    "RESPONSES_POSTS_FILE": "responses-posts.json",
    # Spam defences: the form must be at least this old (seconds) when posted, and at
    # most RESPONSES_FORM_MAX_AGE; limits per client address and per email address.
    "RESPONSES_MIN_SECONDS": 5,
    "RESPONSES_FORM_MAX_AGE": 24 * 3600,
    "RESPONSES_CLIENT_LIMIT": 10,
    "RESPONSES_EMAIL_LIMIT": 5,
    "RESPONSES_LIMIT_WINDOW": 3600,
    "RESPONSES_MAX_LENGTH": 5000,
    "RESPONSES_MAX_LINKS": 3,
    # Webmention verification: fetching the source page.
    "RESPONSES_WEBMENTION_TIMEOUT": 5,
    "RESPONSES_WEBMENTION_MAX_BYTES": 1_000_000,
    # Fetch sources on loopback and private addresses (tests and local trials only).
    "RESPONSES_WEBMENTION_ALLOW_PRIVATE": False,
    # A shell command the service runs after each approval, to rebuild and publish
    # (for example "invoke publish"); empty: publish by hand.
    "RESPONSES_PUBLISH_COMMAND": "",
}

setting = defaults_reader(DEFAULTS)


def service_url(settings: dict) -> str:
    return (setting(settings, "RESPONSES_SERVICE_URL") or settings.get("NEWSLETTER_SERVICE_URL", "")).rstrip("/")


def posts_file(settings: dict) -> Path:
    return project_path(Path(setting(settings, "RESPONSES_POSTS_FILE")).expanduser())
