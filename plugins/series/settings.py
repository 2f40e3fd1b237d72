"""Defaults for the series plugin; override any of them in pelicanconf.py.

``{slug}`` is the series' slug. Set a path to None to switch that output off.
"""

from service_voices.settings import defaults_reader

DEFAULTS = {
    # One landing page per series.
    "SERIES_URL": "series/{slug}/",
    "SERIES_SAVE_AS": "series/{slug}/index.html",
    # The page listing every series.
    "SERIES_INDEX_URL": "series/",
    "SERIES_INDEX_SAVE_AS": "series/index.html",
    # One Atom feed per series.
    "SERIES_FEED_ATOM": "feeds/series/{slug}.atom.xml",
    # Folder under PATH with one Markdown file per series: description and planned parts.
    "SERIES_INFO_PATH": "series",
}

setting = defaults_reader(DEFAULTS)
