"""Settings for building and previewing the site locally.

publishconf.py imports everything here and changes only what differs for the live
site. Plugin settings have their defaults in plugins/<name>/settings.py; set one here
only to change it.
"""

from service_voices.names import initials

SITENAME = "Service Voices"
SITESUBTITLE = "Customer-service practitioners on what they learn, in their own words"
# Posts without an Authors: line are credited to this name.
AUTHOR = "Service Voices editors"
# Absolute, because feeds, the sitemap, canonical links and newsletter emails need
# absolute URLs. It matches the address `invoke serve` listens on.
SITEURL = "http://127.0.0.1:8000"

PATH = "content"
ARTICLE_PATHS = ["posts"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images", "extra"]
EXTRA_PATH_METADATA = {
    "extra/favicon.svg": {"path": "favicon.svg"},
}
THEME = "theme"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
DEFAULT_DATE_FORMAT = "%-d %B %Y"

ARTICLE_URL = "posts/{slug}/"
ARTICLE_SAVE_AS = "posts/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
AUTHOR_URL = "authors/{slug}/"
AUTHOR_SAVE_AS = "authors/{slug}/index.html"
CATEGORY_URL = "categories/{slug}/"
CATEGORY_SAVE_AS = "categories/{slug}/index.html"
TAG_URL = "tags/{slug}/"
TAG_SAVE_AS = "tags/{slug}/index.html"
AUTHORS_URL = "authors/"
AUTHORS_SAVE_AS = "authors/index.html"
CATEGORIES_URL = "categories/"
CATEGORIES_SAVE_AS = "categories/index.html"
TAGS_URL = "tags/"
TAGS_SAVE_AS = "tags/index.html"
ARCHIVES_URL = "archives/"
ARCHIVES_SAVE_AS = "archives/index.html"
DIRECT_TEMPLATES = ["index", "tags", "categories", "authors", "archives", "404"]
DRAFT_URL = "drafts/{slug}/"
DRAFT_SAVE_AS = "drafts/{slug}/index.html"

DEFAULT_PAGINATION = 8
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)

# Pelican's stock feeds are off: the site_feeds plugin writes them all, with every
# co-author in each entry. See plugins/site_feeds/settings.py for their paths.
FEED_ALL_ATOM = None
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
CATEGORY_FEED_RSS = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
TRANSLATION_FEED_RSS = None

MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.smarty": {},
        "markdown.extensions.toc": {},
    },
    "output_format": "html5",
}

PLUGIN_PATHS = ["plugins"]
PLUGINS = [
    # Foundation: front-matter checks, author bios, feeds, sitemap.
    "content_checks",
    "author_profiles",
    "site_feeds",
    "site_discovery",
    # Post layouts and navigation.
    "conversations",
    "series",
    "reading_aids",
    "whitepapers",
    # Newsletter: the issues' web pages and emails, and the footer sign-up form.
    "newsletter",
    "newsletter_signup",
    # Old addresses of imported posts (Old_url:) -> their new ones.
    "redirects",
    # Readers' comments and webmentions, taken by the same service as sign-ups.
    "responses",
    # The one minified stylesheet every page links; posts' pictures and share images
    # (feature_images first: social_cards draws a card only for posts without one).
    "stylesheet_bundle",
    "feature_images",
    "social_cards",
    # Last: indexes the finished output.
    "site_search",
]

# The theme's stylesheets (under theme/static/), in cascade order, each with the
# plugin it styles (None: the theme's own). The stylesheet_bundle plugin joins those
# in use into one hashed file; without it, base.html links each one.
THEME_STYLESHEETS = [
    ("css/site.css", None),
    ("css/conversations.css", "conversations"),
    ("css/series.css", "series"),
    ("css/whitepapers.css", "whitepapers"),
    ("css/newsletter.css", "newsletter"),
    ("css/newsletter-signup.css", "newsletter_signup"),
    ("css/reading-aids.css", "reading_aids"),
    ("css/responses.css", "responses"),
]

# The subscription service as `invoke subscriptions` runs it locally; the footer
# sign-up form posts here. The live site needs its public address instead.
NEWSLETTER_SERVICE_URL = "http://127.0.0.1:8025"

# Titles, tags, names and every other text value are escaped wherever a template
# prints them; HTML that the build made (a post's body, a summary) is marked |safe
# in the templates that print it.
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "extensions": [], "autoescape": True}
# Made-up responses under one post, so the local build shows what readers' comments
# and webmentions look like; real ones come from the database (README, "Responses").
RESPONSES_SAMPLE_FILE = "samples/responses.json"
# The theme's own filters, here (not in a plugin) so the theme works with any plugin off.
JINJA_FILTERS = {"initials": initials}
