import logging
from pathlib import Path

from pelican import signals
from pelican.generators import Generator

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
    site = Path(pelican.output_path)
    bundle = setting(settings, "SITE_SEARCH_BUNDLE_DIR")
    result = index_site(site, bundle)
    if not result.ok:
        log.error("site_search: %s; the site has no search index", result.message)
    elif result.pages == 0:
        log.warning("site_search: Pagefind found no pages marked data-pagefind-body; search will find nothing")


def register():
    signals.get_generators.connect(get_generators)
    signals.finalized.connect(run_pagefind)
