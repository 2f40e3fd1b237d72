"""The one feed builder: site, series and newsletter feeds are all made here with feedgen.

Each feed's own absolute URL is its Atom id, so no two feeds share an id (Pelican's
stock feeds all use SITEURL/). Every author of every entry is kept.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from feedgen.feed import FeedGenerator


@dataclass(frozen=True)
class Feed:
    url: str  # absolute URL of the feed file itself; also its id
    title: str
    page_url: str  # the web page the feed follows
    kind: str = "atom"  # "atom" or "rss"
    subtitle: str = ""
    language: str = "en"
    # Feed-level authors, for feeds whose entries name none (Atom requires one or the other).
    authors: tuple[str, ...] = field(default_factory=tuple)


def absolute(site_url: str, path: str) -> str:
    return f"{site_url.rstrip('/')}/{path.lstrip('/')}"


def build_feed(feed: Feed, entries: list[dict]) -> FeedGenerator:
    """``entries``: dicts with title, url, date, content, and optionally updated
    (default: date), authors, summary, summary_type ("html" or "text"), tags; newest first."""
    built = FeedGenerator()
    if feed.kind == "rss":
        built.load_extension("dc", atom=False, rss=True)
    built.id(feed.url)
    built.title(feed.title)
    if feed.subtitle or feed.kind == "rss":
        # RSS requires a description; Atom's subtitle is optional.
        built.subtitle(feed.subtitle or feed.title)
    built.link(href=feed.page_url, rel="alternate")
    built.link(href=feed.url, rel="self")
    built.language(feed.language)
    for name in feed.authors:
        built.author({"name": name})
    if entries:
        built.updated(max(entry.get("updated", entry["date"]) for entry in entries))
    # feedgen puts each new entry first; adding oldest first keeps the file newest first.
    for data in reversed(entries):
        entry = built.add_entry()
        entry.id(data["url"])
        if feed.kind == "rss":
            entry.guid(data["url"], permalink=True)
        entry.title(data["title"])
        entry.link(href=data["url"], rel="alternate")
        entry.published(data["date"])
        entry.updated(data.get("updated", data["date"]))
        for name in data.get("authors", ()):
            entry.author({"name": name})
            if feed.kind == "rss":
                entry.dc.dc_creator(name)
        if data.get("summary"):
            entry.summary(data["summary"], type=data.get("summary_type", "html"))
        entry.content(data["content"], type="CDATA" if feed.kind == "rss" else "html")
        for tag in data.get("tags", ()):
            entry.category(term=tag)
    return built


def write_feed(built: FeedGenerator, kind: str, path: str) -> None:
    if kind == "atom":
        built.atom_file(path, pretty=False)
    else:
        built.rss_file(path, pretty=False)
