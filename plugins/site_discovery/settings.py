"""Defaults for site_discovery; override any of them in pelicanconf.py."""

from service_voices.settings import defaults_reader

DEFAULTS = {
    "SITEMAP_SAVE_AS": "sitemap.xml",
    "ROBOTS_SAVE_AS": "robots.txt",
    # Paths (from the site root) that crawlers should skip.
    "ROBOTS_DISALLOW": [],
}

setting = defaults_reader(DEFAULTS)
