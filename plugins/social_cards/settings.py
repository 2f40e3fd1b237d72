"""Defaults for social_cards; override any of them in pelicanconf.py."""

from service_voices.settings import defaults_reader

DEFAULTS = {
    # Where each card is written and linked, relative to the site root.
    "SOCIAL_CARDS_SAVE_AS": "images/cards/{slug}.png",
    # Cache folder under CACHE_PATH.
    "SOCIAL_CARDS_CACHE_DIR": "social_cards",
    # The bold and regular faces the cards are set in (Debian's fonts-dejavu-core).
    "SOCIAL_CARDS_FONTS": {
        "bold": "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
        "regular": "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    },
}

setting = defaults_reader(DEFAULTS)
