"""Which written pages belong in the sitemap, judged from what Pelican wrote them with.

Every HTML file Pelican's writer produces comes with the template context it was
rendered from; that context says what the page is. No Pelican imports.
"""

from __future__ import annotations

from collections.abc import Mapping

from .sitemap import SitemapEntry

HTML_SUFFIXES = (".html", ".htm")
# Pelican passes the listed item under one of these names.
CONTENT_KEYS = ("article", "page")
TAXONOMY_KEYS = ("author", "category", "tag")


def _lastmod(item):
    return getattr(item, "modified", None) or getattr(item, "date", None)


def url_of_file(output_file: str) -> str:
    """The address a server gives a written file: ``a/index.html`` is ``a/``."""
    path = output_file.replace("\\", "/").lstrip("/")
    if path == "index.html" or path.endswith("/index.html"):
        return path[: -len("index.html")]
    return path


def _later_page(context: Mapping) -> bool:
    """Page 2 and on of a paginated list; their canonical link is the first page."""
    for key in ("articles_page", "dates_page"):
        number = getattr(context.get(key), "number", 1)
        if isinstance(number, int) and number > 1:
            return True
    return False


def sitemap_entry(output_file: str, context: Mapping, site_url: str, index_save_as: str) -> SitemapEntry | None:
    """The sitemap entry for one written file, or None when it is not listed.

    Listed: published posts and pages, the home page, the first page of each author,
    category and tag, and every HTML page a plugin generator writes. Left out: drafts
    and hidden items, later pages of a list, Pelican's other site-wide templates
    (archives, the tag/category/author indexes, 404) and anything that is not HTML.
    """
    if not output_file.lower().endswith(HTML_SUFFIXES):
        return None
    site = site_url.rstrip("/")
    for key in CONTENT_KEYS:
        item = context.get(key)
        if item is not None and hasattr(item, "status"):
            if item.status != "published":
                return None
            return SitemapEntry(f"{site}/{item.url}", _lastmod(item))
    if _later_page(context):
        return None
    for key in TAXONOMY_KEYS:
        group = context.get(key)
        if group is not None and hasattr(group, "url"):
            dates = [date for date in map(_lastmod, context.get("articles") or []) if date is not None]
            return SitemapEntry(f"{site}/{group.url}", max(dates) if dates else None)
    if context.get("blog"):
        # Pelican's own list pages (direct templates, period archives): only the home page.
        if output_file == index_save_as:
            return SitemapEntry(f"{site}/{url_of_file(output_file)}")
        return None
    return SitemapEntry(f"{site}/{url_of_file(output_file)}")
