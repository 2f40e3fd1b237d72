import logging
import os

from pelican import signals
from pelican.contents import Article

from service_voices.names import join_names
from service_voices.output_files import copy_into_output

from .card import CARD_SIZE, card_key, render_card
from .settings import setting

log = logging.getLogger(__name__)

# The cards of this build, from the drawing step to the writing step, kept in the
# build's own settings so nothing outlives one build.
PENDING = "social_cards_pending"


def _cache_dir(settings) -> str:
    return os.path.join(settings.get("CACHE_PATH", "cache"), setting(settings, "SOCIAL_CARDS_CACHE_DIR"))


def _missing_font(fonts: dict) -> str | None:
    for path in fonts.values():
        if not os.path.isfile(path):
            return path
    return None


def draw_cards(generator):
    settings = generator.settings
    fonts = dict(setting(settings, "SOCIAL_CARDS_FONTS"))
    missing = _missing_font(fonts)
    if missing:
        log.warning(f"{missing}: social_cards needs this font (sudo apt-get install fonts-dejavu-core); "
                    "posts get no card image")
        return
    cache = _cache_dir(settings)
    os.makedirs(cache, exist_ok=True)
    site_name = settings.get("SITENAME", "")
    pending = settings.setdefault(PENDING, [])
    for article in generator.articles:
        # A post with its own picture (feature_images) shares that instead.
        if not isinstance(article, Article) or getattr(article, "feature_image", None):
            continue
        title = article.title if isinstance(article.title, str) else str(article.title)
        byline = join_names([str(author) for author in getattr(article, "authors", [])])
        cached = os.path.join(cache, f"{card_key(title, byline, site_name, fonts)}.png")
        if not os.path.isfile(cached):
            data = render_card(title, byline, site_name, fonts)
            with open(f"{cached}.part", "wb") as handle:
                handle.write(data)
            os.replace(f"{cached}.part", cached)
        save_as = setting(settings, "SOCIAL_CARDS_SAVE_AS").format(slug=article.slug)
        alt = f"{title}, by {byline}, on {site_name}" if byline else f"{title}, on {site_name}"
        article.social_card = {"url": save_as, "width": CARD_SIZE[0], "height": CARD_SIZE[1], "alt": alt}
        pending.append((cached, save_as))


def write_cards(pelican):
    for target, reason in copy_into_output(pelican.settings.pop(PENDING, []), pelican.output_path):
        log.error(f"{target}: social_cards cannot write the card ({reason})")


def register():
    signals.article_generator_finalized.connect(draw_cards)
    signals.finalized.connect(write_cards)
