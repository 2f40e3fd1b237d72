import logging
import os

from pelican import signals
from pelican.readers import MarkdownReader

from service_voices.sources import content_path, display_path, front_matter_lines_of, located

from .profiles import profile_from_metadata, unknown_byline_names
from .settings import setting

log = logging.getLogger(__name__)


def load_profiles(settings) -> dict:
    folder = os.path.join(settings["PATH"], setting(settings, "AUTHOR_PROFILES_PATH"))
    if not os.path.isdir(folder):
        return {}
    reader = MarkdownReader(settings)
    profiles = {}
    for filename in sorted(os.listdir(folder)):
        if not filename.endswith(".md"):
            continue
        path = os.path.join(folder, filename)
        where = display_path(path, settings["PATH"])
        try:
            bio_html, metadata = reader.read(path)
        except Exception as error:  # one bad profile must not stop the build
            log.error("%s: could not read author profile: %s", where, error)
            continue
        profile = profile_from_metadata(metadata, bio_html, path)
        if profile is None:
            log.error("%s: author profile has no 'Name:' line", where)
            continue
        if profile.name in profiles:
            log.warning("%s: a second profile for %s; the first one is kept", where, profile.name)
            continue
        profiles[profile.name] = profile
    return profiles


def attach_profiles(generator):
    # The context dict is shared by every generator of one build, and rebuilt for the
    # next build, so nothing outlives a live-reload cycle.
    generator.context["author_profiles"] = load_profiles(generator.settings)


def check_bylines(generator):
    """Warn (or fail, with AUTHOR_PROFILES_REQUIRED) on a byline name without a profile."""
    profiles = generator.context.get("author_profiles") or {}
    if not profiles:
        return
    emit = log.error if setting(generator.settings, "AUTHOR_PROFILES_REQUIRED") else log.warning
    folder = setting(generator.settings, "AUTHOR_PROFILES_PATH")
    for article in list(generator.articles) + list(getattr(generator, "drafts", [])):
        if "authors" not in article.metadata and "author" not in article.metadata:
            continue  # credited to the site's AUTHOR, which is not a person with a profile
        names = [author.name for author in getattr(article, "authors", [])]
        for name, closest in unknown_byline_names(names, profiles):
            lines = front_matter_lines_of(article.source_path)
            where = located(content_path(article), lines.get("authors") or lines.get("author"))
            hint = f"; did you mean {closest!r}?" if closest else f"; add content/{folder}/<name>.md for them"
            emit("%s: author %r has no profile%s", where, name, hint)


def register():
    signals.article_generator_init.connect(attach_profiles)
    signals.article_generator_finalized.connect(check_bylines)
