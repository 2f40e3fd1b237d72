"""Defaults for site_search; override any of them in pelicanconf.py."""

from service_voices.settings import defaults_reader

DEFAULTS = {
    # Where the search page lives. The nav link and the page's form point here.
    "SITE_SEARCH_URL": "search/",
    "SITE_SEARCH_SAVE_AS": "search/index.html",
    # Folder (under the output) that Pagefind writes its index and scripts into.
    "SITE_SEARCH_BUNDLE_DIR": "pagefind",
    # False skips running Pagefind (the page still builds and says search is unavailable).
    "SITE_SEARCH_INDEX": True,
}

setting = defaults_reader(DEFAULTS)
