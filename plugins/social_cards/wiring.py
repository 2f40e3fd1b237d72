import logging
import os

from pelican import signals
from pelican.contents import Article

from service_voices.names import join_names
from service_voices.output_files import copy_into_output
from service_voices.sources import content_path

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


def _draw_into_cache(cached: str, title: str, byline: str, site_name: str, fonts: dict) -> None:
    data = render_card(title, byline, site_name, fonts)
    # Written aside and renamed, so a build stopped halfway never leaves half a card.
    with open(f"{cached}.part", "wb") as handle:
        handle.write(data)
    os.replace(f"{cached}.part", cached)


def draw_cards(generator):
    settings = generator.settings
    # A build that stopped early may leave its list behind: this build starts afresh.
    pending = settings[PENDING] = []
    fonts = dict(setting(settings, "SOCIAL_CARDS_FONTS"))
    missing = _missing_font(fonts)
    if missing:
        log.warning(f"{missing}: social_cards needs this font (sudo apt-get install fonts-dejavu-core); "
                    "posts get no card image")
        return
    cache = _cache_dir(settings)
    os.makedirs(cache, exist_ok=True)
    site_name = settings.get("SITENAME", "")
    # Posts that show the same thing share one card, drawn once.
    drawn: set[str] = set()
    for article in generator.articles:
        # A post with its own picture (feature_images) shares that instead.
        if not isinstance(article, Article) or getattr(article, "feature_image", None):
            continue
        title = article.title if isinstance(article.title, str) else str(article.title)
        byline = join_names([str(author) for author in getattr(article, "authors", [])])
        cached = os.path.join(cache, f"{card_key(title, byline, site_name, fonts)}.png")
        if cached not in drawn and not os.path.isfile(cached):
            drawn.add(cached)
            problem = None
            try:
                _draw_into_cache(cached, title, byline, site_name, fonts)
            except (OSError, ValueError) as error:
                problem = f"{type(error).__name__}: {error}"
            if problem:  # reported outside the except block: one line, no traceback
                log.error(f"{content_path(article)}: social_cards cannot draw the card ({problem})")
                continue
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
