"""Defaults for the newsletter export; override any of them in pelicanconf.py.

The settings the mail side reads too (NEWSLETTER_FROM, the mail folder and the files
sending reads from it, the postal address, the size limit) have their defaults in
service_voices/newsletter_common.py, so one line in pelicanconf.py changes both.
"""

from service_voices.newsletter_common import SHARED_DEFAULTS
from service_voices.settings import defaults_reader

_SHARED = ("NEWSLETTER_FROM", "NEWSLETTER_MAIL_PATH", "NEWSLETTER_MESSAGE_SAVE_AS", "NEWSLETTER_ISSUE_JSON_SAVE_AS",
           "NEWSLETTER_POSTAL_ADDRESS", "NEWSLETTER_EMAIL_MAX_BYTES")

DEFAULTS = {
    # Issue sources, relative to PATH; the plugin keeps this folder out of the article and page readers.
    "NEWSLETTER_PATH": "newsletter",
    # The public files of one issue, in the output ({slug} is the slug).
    "NEWSLETTER_ISSUE_URL": "newsletter/{slug}/",
    "NEWSLETTER_ISSUE_SAVE_AS": "newsletter/{slug}/index.html",
    # The email's own files, in the mail folder (NEWSLETTER_MAIL_PATH), never in the output.
    "NEWSLETTER_EMAIL_HTML_SAVE_AS": "{slug}/email.html",
    "NEWSLETTER_EMAIL_TEXT_SAVE_AS": "{slug}/email.txt",
    "NEWSLETTER_ARCHIVE_URL": "newsletter/",
    "NEWSLETTER_ARCHIVE_SAVE_AS": "newsletter/index.html",
    # None switches the feed off.
    "NEWSLETTER_FEED_ATOM": "feeds/newsletter.atom.xml",
    "NEWSLETTER_LIST_ID": "Service Voices newsletter <newsletter.service-voices.example>",
    "NEWSLETTER_TEXT_WIDTH": 72,
    # Images wider than this are scaled down in the email (the content column is 560 px).
    "NEWSLETTER_EMAIL_IMAGE_MAX_WIDTH": 560,
    # Rendered email files are kept under CACHE_PATH/<this folder> between builds; None switches that off.
    "NEWSLETTER_CACHE_DIR": "newsletter",
    **{name: SHARED_DEFAULTS[name] for name in _SHARED},
}

setting = defaults_reader(DEFAULTS)
