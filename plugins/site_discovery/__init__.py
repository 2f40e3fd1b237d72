"""``sitemap.xml`` and ``robots.txt`` for search engines.

The sitemap lists the pages the build actually writes: the home page, every published
post and page, every author, category and tag page, and every page a plugin's
generator writes (series landings, newsletter issues). Nobody has to announce a page:
the plugin listens to Pelican's ``content_written`` signal and writes both files once
every page is written. Drafts, hidden items, later pages of a list, the 404 page and
Pelican's other site-wide lists never appear.
"""

from .sitemap import SitemapEntry, render_robots, render_sitemap
from .wiring import register
from .written_pages import sitemap_entry

__all__ = ["SitemapEntry", "render_robots", "render_sitemap", "register", "sitemap_entry"]
