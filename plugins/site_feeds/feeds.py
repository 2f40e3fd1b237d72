"""Decide which feeds exist and build each one with feedgen; no Pelican imports."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Protocol

from feedgen.feed import FeedGenerator


class FeedItem(Protocol):
    title: str
    url: str
    date: object


@dataclass(frozen=True)
class SiteInfo:
    name: str
    url: str  # absolute, no trailing slash
    subtitle: str = ""
    language: str = "en"


@dataclass(frozen=True)
class FeedSpec:
    path: str  # output path relative to the site root
    kind: str  # "atom" or "rss"
    title: str


def absolute(site_url: str, path: str) -> str:
    return f"{site_url.rstrip('/')}/{path.lstrip('/')}"


def feed_specs(paths: dict, site_name: str, categories: Iterable, authors: Iterable) -> list[tuple[FeedSpec, object]]:
    """Pair each feed to write with the key selecting its posts (None means all posts).

    ``paths`` maps "all"/"category"/"author" to ``{"atom": path or None, "rss": ...}``.
    """
    wanted: list[tuple[FeedSpec, object]] = []
    for kind in ("atom", "rss"):
        if paths["all"][kind]:
            wanted.append((FeedSpec(paths["all"][kind], kind, site_name), None))
        for group, items, label in (("category", categories, "Category"), ("author", authors, "Author")):
            pattern = paths[group][kind]
            if not pattern:
                continue
            for item in items:
                title = f"{site_name} · {label}: {item}"
                wanted.append((FeedSpec(pattern.format(slug=item.slug), kind, title), (group, item)))
    return wanted


def build_feed(spec: FeedSpec, site: SiteInfo, entries: list[dict]) -> FeedGenerator:
    """Build one feed. ``entries`` are dicts with title, url, date, updated, authors,
    summary and content, newest first."""
    feed_url = absolute(site.url, spec.path)
    feed = FeedGenerator()
    feed.load_extension("dc", atom=False, rss=True)
    # The feed's own URL is unique per feed, which makes it a stable, distinct Atom id.
    feed.id(feed_url)
    feed.title(spec.title)
    feed.link(href=site.url + "/", rel="alternate")
    feed.link(href=feed_url, rel="self")
    feed.description(site.subtitle or spec.title)
    feed.language(site.language)
    if entries:
        feed.updated(max(entry["updated"] for entry in entries))
    # feedgen prepends entries by default; add oldest first so output stays newest first.
    for data in reversed(entries):
        entry = feed.add_entry()
        entry.id(data["url"])
        entry.guid(data["url"], permalink=True)
        entry.title(data["title"])
        entry.link(href=data["url"], rel="alternate")
        entry.published(data["date"])
        entry.updated(data["updated"])
        for name in data["authors"]:
            entry.author({"name": name})
            entry.dc.dc_creator(name)
        if data.get("summary"):
            entry.summary(data["summary"], type="html")
        entry.content(data["content"], type="CDATA" if spec.kind == "rss" else "html")
        for tag in data.get("tags", ()):
            entry.category(term=tag)
    return feed


def write_feed(feed: FeedGenerator, spec: FeedSpec, path: str) -> None:
    if spec.kind == "atom":
        feed.atom_file(path, pretty=False)
    else:
        feed.rss_file(path, pretty=False)
