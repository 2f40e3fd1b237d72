import logging
from pathlib import Path

from pelican import signals
from pelican.generators import Generator

from service_voices.site.deferred_work import DEFERRED_WORK_SETTING

from .indexer import index_site
from .settings import DEFAULTS, setting

log = logging.getLogger(__name__)


class SearchPageGenerator(Generator):
    """Writes the one search page from the theme's search.html."""

    def generate_context(self):
        # Templates read the settings by name, so publish the defaults too.
        for name in DEFAULTS:
            self.context.setdefault(name, setting(self.settings, name))

    def generate_output(self, writer):
        save_as = setting(self.settings, "SITE_SEARCH_SAVE_AS")
        writer.write_file(save_as, self.get_template("search"), self.context,
                          relative_urls=self.settings.get("RELATIVE_URLS"),
                          url=setting(self.settings, "SITE_SEARCH_URL"), template_name="search")


def get_generators(pelican):
    return SearchPageGenerator


def run_pagefind(pelican):
    settings = pelican.settings
    if not setting(settings, "SITE_SEARCH_INDEX"):
        return
    bundle = setting(settings, "SITE_SEARCH_BUNDLE_DIR")
    deferred = settings.get(DEFERRED_WORK_SETTING)
    if deferred is not None:
        # invoke serve shows the saved page first and indexes the site right after.
        deferred.add(bundle, _index_into)
        return
    result = index_site(Path(pelican.output_path), bundle)
    if not result.ok:
        log.error("site_search: %s; the site has no search index", result.message)
    elif result.pages == 0:
        log.warning("site_search: Pagefind found no pages marked data-pagefind-body; search will find nothing")


def _index_into(site: Path, folder: str) -> str | None:
    result = index_site(site, folder)
    return None if result.ok else result.message


def register():
    signals.get_generators.connect(get_generators)
    signals.finalized.connect(run_pagefind)
