"""Defaults for site_feeds; override any of them in pelicanconf.py.

A path set to None switches that feed off. ``{slug}`` is the category's or author's slug.
"""

from service_voices.settings import defaults_reader

DEFAULTS = {
    "SITE_FEEDS_ALL_ATOM": "feeds/all.atom.xml",
    "SITE_FEEDS_ALL_RSS": "feeds/all.rss.xml",
    "SITE_FEEDS_CATEGORY_ATOM": "feeds/categories/{slug}.atom.xml",
    "SITE_FEEDS_CATEGORY_RSS": "feeds/categories/{slug}.rss.xml",
    "SITE_FEEDS_AUTHOR_ATOM": "feeds/authors/{slug}.atom.xml",
    "SITE_FEEDS_AUTHOR_RSS": "feeds/authors/{slug}.rss.xml",
    # None keeps every post; a number keeps the newest N.
    "SITE_FEEDS_MAX_ITEMS": None,
}

setting = defaults_reader(DEFAULTS)
