"""Defaults for site_discovery; override any of them in pelicanconf.py."""

DEFAULTS = {
    "SITEMAP_SAVE_AS": "sitemap.xml",
    "ROBOTS_SAVE_AS": "robots.txt",
    # Paths (from the site root) that crawlers should skip.
    "ROBOTS_DISALLOW": [],
}


def setting(settings, name):
    return settings.get(name, DEFAULTS[name])
