"""``sitemap.xml`` and ``robots.txt`` for search engines.

The sitemap lists the home page, every published post and page, and every author,
category and tag page; drafts and hidden pages never appear. Other plugins add their
own pages (series landings, newsletter issues) by appending absolute URLs to the
context list ``sitemap_extra_urls`` before the generators finish.
"""

from .sitemap import SitemapEntry, render_robots, render_sitemap
from .wiring import register

__all__ = ["SitemapEntry", "render_robots", "render_sitemap", "register"]
