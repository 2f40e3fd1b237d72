"""Social cards: an Open Graph / Twitter image for every post that has no image of its own.

Each card is a 1200 x 630 PNG drawn with Pillow: the site's name, the post's title and
its authors, on the site's colours. Cards are cached under ``CACHE_PATH`` by what they
show, so a rebuild draws only the cards whose title, authors or design changed. Posts
get ``social_card`` (``url``, ``width``, ``height``, ``alt``), which the theme's
social meta tags turn into ``og:image`` and ``twitter:image``.
"""

from .card import CARD_SIZE, card_key, render_card
from .wiring import register

__all__ = ["CARD_SIZE", "card_key", "render_card", "register"]
