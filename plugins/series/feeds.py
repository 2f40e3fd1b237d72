"""One Atom feed per series, built with feedgen; no Pelican imports."""

from __future__ import annotations

from feedgen.feed import FeedGenerator


def build_series_feed(*, feed_url: str, page_url: str, title: str, subtitle: str, language: str,
                      entries: list[dict]) -> FeedGenerator:
    """``entries`` are dicts with title, url, date, updated, authors, summary and content,
    newest first. The feed's own URL is its Atom id, so no two feeds share one."""
    feed = FeedGenerator()
    feed.id(feed_url)
    feed.title(title)
    feed.subtitle(subtitle or title)
    feed.link(href=page_url, rel="alternate")
    feed.link(href=feed_url, rel="self")
    feed.language(language)
    if entries:
        feed.updated(max(entry["updated"] for entry in entries))
    # feedgen puts each new entry first; adding oldest first keeps the file newest first.
    for data in reversed(entries):
        entry = feed.add_entry()
        entry.id(data["url"])
        entry.title(data["title"])
        entry.link(href=data["url"], rel="alternate")
        entry.published(data["date"])
        entry.updated(data["updated"])
        for name in data["authors"]:
            entry.author({"name": name})
        if data.get("summary"):
            entry.summary(data["summary"], type="html")
        entry.content(data["content"], type="html")
    return feed
