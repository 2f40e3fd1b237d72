import logging
import os
from functools import partial
from pathlib import Path

from pelican import signals
from pelican.plugins._utils import plugin_enabled

from service_voices.output_files import write_output_file

from .bundle import bundle_name, joined_css, minified, sheets_in_use
from .settings import setting

log = logging.getLogger(__name__)

# The bundle's path and text travel from the context step to the writing step in the
# build's own settings, so nothing outlives one build.
PENDING = "stylesheet_bundle_pending"


def make_bundle(generators):
    first = generators[0]
    settings = first.settings
    static_root = Path(first.theme) / "static"
    is_on = partial(plugin_enabled, plugin_list=settings.get("PLUGINS"))
    sheets = sheets_in_use(setting(settings, "THEME_STYLESHEETS"), is_on)
    try:
        css = minified(joined_css(static_root, sheets))
    except OSError as error:
        problem = (error.filename or str(static_root), error.strerror)
    else:
        problem = None
    # Logged outside the except block, so the build's one-line report does not append
    # the exception text a second time.
    if problem is not None:
        shown = os.path.relpath(problem[0], os.path.dirname(os.path.abspath(first.theme)))
        log.error(f"{shown}: stylesheet_bundle cannot read this theme stylesheet ({problem[1]})")
        return
    save_as = bundle_name(setting(settings, "STYLESHEET_BUNDLE_SAVE_AS"), css,
                          settings.get("THEME_STATIC_DIR", "theme"))
    # Every generator shares this context, so each page's template sees the name.
    first.context["STYLESHEET_BUNDLE_URL"] = save_as
    settings[PENDING] = (save_as, css)


def write_bundle(pelican):
    pending = pelican.settings.pop(PENDING, None)
    if pending is None:
        return
    save_as, css = pending
    target = os.path.join(pelican.output_path, save_as)
    reason = write_output_file(target, css.encode("utf-8"))
    if reason:
        log.error(f"{target}: stylesheet_bundle cannot write the site stylesheet ({reason})")


def register():
    signals.all_generators_finalized.connect(make_bundle)
    signals.finalized.connect(write_bundle)
