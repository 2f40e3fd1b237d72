"""Feeds read by feedparser, as a feed reader would."""

from datetime import UTC

import feedparser
import pytest
from site_feeds.feeds import FeedSpec, SiteInfo, build_feed, feed_specs


@pytest.mark.parametrize("path", ["feeds/all.atom.xml", "feeds/all.rss.xml"])
def test_main_feeds_list_every_post_with_every_co_author(sample_site, path):
    feed = feedparser.parse(sample_site.output / path)
    assert not feed.bozo, feed.bozo_exception
    assert len(feed.entries) >= 12
    macros = next(e for e in feed.entries if e.link.endswith("/writing-macros-that-dont-sound-like-macros/"))
    assert [author["name"] for author in macros.authors] == ["Jeremy Cole", "Lee Okafor"]


def test_feed_entries_carry_full_content_with_absolute_links(sample_site):
    feed = feedparser.parse(sample_site.output / "feeds/all.atom.xml")
    entry = next(e for e in feed.entries if e.link.endswith("/what-a-good-escalation-looks-like/"))
    html = entry.content[0].value
    assert len(html) > 1500
    assert 'src="http://127.0.0.1:8000/images/escalation-ladder.svg"' in html


def test_category_and_author_feeds_exist_with_distinct_ids(sample_site):
    ids = set()
    feeds = sorted((sample_site.output / "feeds").rglob("*.atom.xml"))
    assert any("categories" in str(p) for p in feeds) and any("authors" in str(p) for p in feeds)
    for path in feeds:
        parsed = feedparser.parse(path)
        assert parsed.entries, path
        ids.add(parsed.feed.id)
    assert len(ids) == len(feeds)


def test_author_feed_holds_only_that_authors_posts(sample_site):
    feed = feedparser.parse(sample_site.output / "feeds/authors/lee-okafor.rss.xml")
    assert feed.entries
    for entry in feed.entries:
        assert "Lee Okafor" in [a["name"] for a in entry.authors]


def test_pages_advertise_the_feeds(sample_site):
    page = sample_site.html("index.html")
    types = {link["type"] for link in page.find_all("link", rel="alternate")}
    assert {"application/atom+xml", "application/rss+xml"} <= types


def test_build_feed_orders_newest_first_and_keeps_authors():
    from datetime import datetime

    def entry(n):
        when = datetime(2026, 1, n, tzinfo=UTC)
        return {"title": f"Post {n}", "url": f"https://x.example/p{n}/", "date": when, "updated": when,
                "authors": ["A One", "B Two"], "content": "<p>Body</p>"}

    site = SiteInfo(name="X", url="https://x.example")
    feed = build_feed(FeedSpec("feeds/all.atom.xml", "atom", "X"), site, [entry(3), entry(2), entry(1)])
    parsed = feedparser.parse(feed.atom_str())
    assert [e.title for e in parsed.entries] == ["Post 3", "Post 2", "Post 1"]
    assert [a["name"] for a in parsed.entries[0].authors] == ["A One", "B Two"]
    assert parsed.feed.id == "https://x.example/feeds/all.atom.xml"


def test_feed_specs_skip_switched_off_feeds():
    class Key:
        def __init__(self, name):
            self.name, self.slug = name, name.lower()

        def __str__(self):
            return self.name

    paths = {"all": {"atom": "a.xml", "rss": None},
             "category": {"atom": "c/{slug}.xml", "rss": None},
             "author": {"atom": None, "rss": "u/{slug}.rss"}}
    specs = feed_specs(paths, "Site", [Key("Craft")], [Key("Ann")])
    assert sorted(spec.path for spec, _ in specs) == ["a.xml", "c/craft.xml", "u/ann.rss"]
