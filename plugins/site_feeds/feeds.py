"""Decide which feeds exist and build each one with feedgen; no Pelican imports."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from feedgen.feed import FeedGenerator

from service_voices.feeds import Feed, absolute
from service_voices.feeds import build_feed as shared_build_feed


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
    """Build one feed with the shared builder; the reference the fast writer is tested against."""
    feed = Feed(url=absolute(site.url, spec.path), title=spec.title, page_url=site.url + "/", kind=spec.kind,
                subtitle=site.subtitle or spec.title, language=site.language)
    return shared_build_feed(feed, entries)

