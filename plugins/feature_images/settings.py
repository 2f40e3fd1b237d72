"""Defaults for feature_images; override any of them in pelicanconf.py."""

from service_voices.settings import defaults_reader

DEFAULTS = {
    # The widths (px) made of each picture; none wider than the picture itself.
    "FEATURE_IMAGE_WIDTHS": [480, 800, 1200],
    # Where each width is written, relative to the site root.
    "FEATURE_IMAGE_SAVE_AS": "images/feature/{name}-{width}.{ext}",
    "FEATURE_IMAGE_CACHE_DIR": "feature_images",
    "FEATURE_IMAGE_QUALITY": 82,
}

setting = defaults_reader(DEFAULTS)
