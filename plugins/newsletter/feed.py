"""Atom feed of the newsletter issues, written with feedgen; no Pelican imports."""

from __future__ import annotations

from feedgen.feed import FeedGenerator


def build_issue_feed(*, feed_url: str, title: str, archive_url: str, language: str,
                     entries: list[dict]) -> FeedGenerator:
    """``entries``: dicts with title, url, date, summary and content, newest first."""
    feed = FeedGenerator()
    feed.id(feed_url)
    feed.title(title)
    feed.link(href=archive_url, rel="alternate")
    feed.link(href=feed_url, rel="self")
    feed.language(language)
    feed.author({"name": title})
    if entries:
        feed.updated(max(entry["date"] for entry in entries))
    # feedgen prepends each entry, so add oldest first to keep the file newest first.
    for data in reversed(entries):
        entry = feed.add_entry()
        entry.id(data["url"])
        entry.title(data["title"])
        entry.link(href=data["url"], rel="alternate")
        entry.published(data["date"])
        entry.updated(data["date"])
        if data.get("summary"):
            entry.summary(data["summary"])
        entry.content(data["content"], type="html")
    return feed
