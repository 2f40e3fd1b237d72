"""Defaults for social_cards; override any of them in pelicanconf.py."""

from service_voices.settings import defaults_reader

DEFAULTS = {
    # Where each card is written and linked, relative to the site root.
    "SOCIAL_CARDS_SAVE_AS": "images/cards/{slug}.png",
    # Cache folder under CACHE_PATH.
    "SOCIAL_CARDS_CACHE_DIR": "social_cards",
    # From this many cards to draw (a first build, a new design), they are drawn by a
    # second process while this one renders the pages; fewer are drawn at once.
    # 0 draws every card in the build's own process.
    "SOCIAL_CARDS_SECOND_PROCESS_FROM": 24,
    # The bold and regular faces the cards are set in (Debian's fonts-dejavu-core).
    "SOCIAL_CARDS_FONTS": {
        "bold": "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
        "regular": "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    },
}

setting = defaults_reader(DEFAULTS)
