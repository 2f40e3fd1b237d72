import os

from pelican import signals

from .feeds import SiteInfo, feed_specs
from .settings import setting
from .xml_writer import EntryCache, render_feed


def _paths(settings) -> dict:
    return {
        group: {kind: setting(settings, f"SITE_FEEDS_{group.upper()}_{kind.upper()}") for kind in ("atom", "rss")}
        for group in ("all", "category", "author")
    }


def entry_data(article, site_url: str) -> dict:
    authors = [str(author) for author in getattr(article, "authors", [])]
    date = article.date
    return {
        # feedgen refuses an empty title; content_checks already reported it as an error.
        "title": article.title or os.path.basename(article.source_path or "untitled"),
        "url": f"{site_url}/{article.url}",
        "date": date,
        "updated": getattr(article, "modified", None) or date,
        "authors": authors,
        "summary": article.summary if "summary" in article.metadata else "",
        # Resolve {static}/{filename} links against the absolute site URL so readers work.
        "content": article.get_content(site_url),
        "tags": [str(tag) for tag in getattr(article, "tags", [])],
    }


def write_site_feeds(generator, writer):
    settings = generator.settings
    site_url = settings.get("SITEURL", "").rstrip("/")
    site = SiteInfo(
        name=settings.get("SITENAME", ""),
        url=site_url,
        subtitle=settings.get("SITESUBTITLE") or "",
        language=settings.get("DEFAULT_LANG", "en"),
    )
    limit = setting(settings, "SITE_FEEDS_MAX_ITEMS")
    articles = generator.articles  # published only, newest first
    data = {id(article): entry_data(article, site_url) for article in articles}
    by_category = {category: posts for category, posts in generator.categories}
    by_author = {author: posts for author, posts in generator.authors}
    wanted = feed_specs(_paths(settings), site.name, by_category, by_author)
    # Each post is in several feeds; its entry is rendered once per format and reused.
    cache = EntryCache()
    for spec, selector in wanted:
        if selector is None:
            chosen = articles
        else:
            group, key = selector
            chosen = (by_category if group == "category" else by_author)[key]
        chosen = sorted(chosen, key=lambda a: a.date, reverse=True)[:limit]
        text = render_feed(spec, site, [data[id(article)] for article in chosen], cache)
        target = os.path.join(generator.output_path, spec.path)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "w", encoding="utf-8") as handle:
            handle.write(text)


def register():
    signals.article_writer_finalized.connect(write_site_feeds)
