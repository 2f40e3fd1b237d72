import logging
import os

from pelican import signals
from pelican.contents import Article

from service_voices.names import join_names
from service_voices.output_files import copy_into_output
from service_voices.sources import content_path

from .card import CARD_SIZE, card_key
from .drawing import DrawingAside, draw_each
from .settings import setting

log = logging.getLogger(__name__)

# The cards of this build, from the drawing step to the writing step, kept in the
# build's own settings so nothing outlives one build.
PENDING = "social_cards_pending"
# Cards being drawn in a second process, waited for before the cards are written.
DRAWING = "social_cards_drawing"


def _cache_dir(settings) -> str:
    return os.path.join(settings.get("CACHE_PATH", "cache"), setting(settings, "SOCIAL_CARDS_CACHE_DIR"))


def _missing_font(fonts: dict) -> str | None:
    for path in fonts.values():
        if not os.path.isfile(path):
            return path
    return None


def draw_cards(generator):
    settings = generator.settings
    # A build that stopped early may leave its list behind: this build starts afresh.
    pending = settings[PENDING] = []
    stale = settings.pop(DRAWING, None)
    if stale is not None:
        stale[0].close()
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
    to_draw: dict[str, tuple[str, str, Article]] = {}
    for article in generator.articles:
        # A post with its own picture (feature_images) shares that instead.
        if not isinstance(article, Article) or getattr(article, "feature_image", None):
            continue
        title = article.title if isinstance(article.title, str) else str(article.title)
        byline = join_names([str(author) for author in getattr(article, "authors", [])])
        cached = os.path.join(cache, f"{card_key(title, byline, site_name, fonts)}.png")
        if cached not in to_draw and not os.path.isfile(cached):
            to_draw[cached] = (title, byline, article)
        save_as = setting(settings, "SOCIAL_CARDS_SAVE_AS").format(slug=article.slug)
        alt = f"{title}, by {byline}, on {site_name}" if byline else f"{title}, on {site_name}"
        article.social_card = {"url": save_as, "width": CARD_SIZE[0], "height": CARD_SIZE[1], "alt": alt}
        pending.append((cached, save_as))
    jobs = [(cached, title, byline) for cached, (title, byline, _) in to_draw.items()]
    sources = [content_path(article) for _, _, article in to_draw.values()]
    aside_from = setting(settings, "SOCIAL_CARDS_SECOND_PROCESS_FROM")
    if aside_from and len(jobs) >= aside_from and (os.cpu_count() or 1) > 1:
        settings[DRAWING] = (DrawingAside(jobs, site_name, fonts, scratch=cache), sources)
    else:
        _report(draw_each(jobs, site_name, fonts), jobs, sources, settings)


def _report(problems, jobs, sources, settings) -> None:
    """One error per post whose card could not be drawn (the error fails the build)."""
    failed = set()
    for position, problem in problems:
        failed.add(jobs[position][0])
        log.error(f"{sources[position]}: social_cards cannot draw the card ({problem})")
    if failed:
        settings[PENDING] = [entry for entry in settings[PENDING] if entry[0] not in failed]


def write_cards(pelican):
    drawing = pelican.settings.pop(DRAWING, None)
    if drawing is not None:
        aside, sources = drawing
        _report(aside.problems(), aside.jobs, sources, pelican.settings)
    for target, reason in copy_into_output(pelican.settings.pop(PENDING, []), pelican.output_path):
        log.error(f"{target}: social_cards cannot write the card ({reason})")


def register():
    signals.article_generator_finalized.connect(draw_cards)
    signals.finalized.connect(write_cards)
