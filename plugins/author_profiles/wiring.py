import logging
import os

from pelican import signals
from pelican.readers import MarkdownReader

from .profiles import profile_from_metadata
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
        try:
            bio_html, metadata = reader.read(path)
        except Exception as error:  # one bad profile must not stop the build
            log.error("%s: could not read author profile: %s", path, error)
            continue
        profile = profile_from_metadata(metadata, bio_html, path)
        if profile is None:
            log.error("%s: author profile has no 'Name:' line", path)
            continue
        if profile.name in profiles:
            log.warning("%s: a second profile for %s; the first one is kept", path, profile.name)
            continue
        profiles[profile.name] = profile
    return profiles


def attach_profiles(generator):
    # The context dict is shared by every generator of one build, and rebuilt for the
    # next build, so nothing outlives a live-reload cycle.
    generator.context["author_profiles"] = load_profiles(generator.settings)


def register():
    signals.article_generator_init.connect(attach_profiles)
