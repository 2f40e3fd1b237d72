"""Offline site search with Pagefind.

The plugin writes a search page (``search/index.html`` from the theme's
``search.html``) and, once the whole site is written, runs the Pagefind indexer over
the output. Only elements marked ``data-pagefind-body`` (the body of each post) are
indexed, so tag, category and list pages never show up as results.
"""

from .indexer import IndexResult, index_site, pagefind_executable
from .wiring import register

__all__ = ["IndexResult", "index_site", "pagefind_executable", "register"]
