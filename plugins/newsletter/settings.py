"""Defaults for the newsletter export; override any of them in pelicanconf.py.

NEWSLETTER_FROM is shared with the mail side (service_voices/newsletter_common.py),
so one line in pelicanconf.py changes both.
"""

from service_voices.newsletter_common import SHARED_DEFAULTS
from service_voices.settings import defaults_reader

DEFAULTS = {
    # Issue sources, relative to PATH; the plugin keeps this folder out of the article and page readers.
    "NEWSLETTER_PATH": "newsletter",
    # Every file of one issue lands in this folder ({slug} is the slug).
    "NEWSLETTER_ISSUE_URL": "newsletter/{slug}/",
    "NEWSLETTER_ISSUE_SAVE_AS": "newsletter/{slug}/index.html",
    "NEWSLETTER_EMAIL_HTML_SAVE_AS": "newsletter/{slug}/email.html",
    "NEWSLETTER_EMAIL_TEXT_SAVE_AS": "newsletter/{slug}/email.txt",
    "NEWSLETTER_MESSAGE_SAVE_AS": "newsletter/{slug}/message.eml",
    "NEWSLETTER_ISSUE_JSON_SAVE_AS": "newsletter/{slug}/issue.json",
    "NEWSLETTER_ARCHIVE_URL": "newsletter/",
    "NEWSLETTER_ARCHIVE_SAVE_AS": "newsletter/index.html",
    # None switches the feed off.
    "NEWSLETTER_FEED_ATOM": "feeds/newsletter.atom.xml",
    "NEWSLETTER_FROM": SHARED_DEFAULTS["NEWSLETTER_FROM"],
    "NEWSLETTER_LIST_ID": "Service Voices newsletter <newsletter.service-voices.example>",
    # Required by anti-spam law in many countries; printed in every email footer.
    "NEWSLETTER_POSTAL_ADDRESS": "Service Voices, 12 Example Street, Springfield 00000",
    # Gmail clips a message body at about 102 KB; warn a little before that.
    "NEWSLETTER_EMAIL_MAX_BYTES": 100 * 1024,
    "NEWSLETTER_TEXT_WIDTH": 72,
    # Images wider than this are scaled down in the email (the content column is 560 px).
    "NEWSLETTER_EMAIL_IMAGE_MAX_WIDTH": 560,
    # Rendered email files are kept under CACHE_PATH/<this folder> between builds; None switches that off.
    "NEWSLETTER_CACHE_DIR": "newsletter",
}

setting = defaults_reader(DEFAULTS)
