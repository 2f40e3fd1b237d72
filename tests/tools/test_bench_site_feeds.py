"""The fast feed writer (a performance fix) says the same as the feedgen version."""

from datetime import UTC, datetime, timedelta

import feedparser
import pytest
from site_feeds.feeds import FeedSpec, SiteInfo, build_feed
from site_feeds.xml_writer import EntryCache, render_feed

SITE = SiteInfo(name="Voices & Co", url="https://x.example", subtitle="Notes <from> the desk", language="en")


def _entries():
    start = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
    tricky = '<p>Fish &amp; chips, "quotes", <a href="https://x.example/a?b=1&amp;c=2">link</a></p>'
    return [
        {"title": f"Post {n}: R&D <tips> “quoted”", "url": f"https://x.example/posts/p{n}/",
         "date": start + timedelta(days=n), "updated": start + timedelta(days=n, hours=n),
         "authors": ["Ana Ruiz", "Zoë Adeyemi"] if n % 2 else ["Sam Lee"],
         "summary": "<p>Short &amp; sweet</p>" if n != 2 else "",
         "content": tricky + ("<pre>a ]]> b</pre>" if n == 1 else "") + f"<p>Body {n}</p>",
         "tags": ["tone", "R&D"] if n != 3 else []}
        for n in (3, 2, 1)
    ]


def _comparable(parsed):
    return [
        (e.id, e.title, e.link, e.get("published"), e.get("updated"), e.get("summary", ""),
         [a["name"] for a in e.get("authors", [])], e.content[0].value if "content" in e else None,
         [t.term for t in e.get("tags", [])])
        for e in parsed.entries
    ]


@pytest.mark.parametrize("kind", ["atom", "rss"])
def test_text_writer_matches_feedgen_as_a_reader_sees_it(kind):
    spec = FeedSpec(f"feeds/all.{kind}.xml", kind, "Voices & Co")
    reference = build_feed(spec, SITE, _entries())
    expected = feedparser.parse(reference.atom_str() if kind == "atom" else reference.rss_str())
    written = feedparser.parse(render_feed(spec, SITE, _entries()))
    assert not written.bozo, written.bozo_exception
    assert _comparable(written) == _comparable(expected)
    assert written.feed.title == expected.feed.title
    assert written.feed.get("id") == expected.feed.get("id")
    assert written.feed.get("updated") == expected.feed.get("updated")


def test_an_entry_is_rendered_once_per_format_and_shared_between_feeds():
    entries = _entries()
    cache = EntryCache()
    everything = render_feed(FeedSpec("feeds/all.atom.xml", "atom", "All"), SITE, entries, cache)
    one_author = render_feed(FeedSpec("feeds/authors/sam-lee.atom.xml", "atom", "Sam"), SITE, [entries[1]], cache)
    assert len(cache._rendered) == 3
    entry_xml = cache.get(entries[1], "atom")
    assert entry_xml in everything and entry_xml in one_author
    assert feedparser.parse(one_author).feed.id == "https://x.example/feeds/authors/sam-lee.atom.xml"


def test_control_characters_never_make_a_feed_unreadable():
    entry = dict(_entries()[0], title="Bell\x07 and tab\t", content="<p>form\x0cfeed</p>")
    for kind in ("atom", "rss"):
        parsed = feedparser.parse(render_feed(FeedSpec(f"f.{kind}", kind, "T"), SITE, [entry]))
        assert not parsed.bozo, parsed.bozo_exception
        assert parsed.entries[0].title.startswith("Bell and tab")


def test_an_empty_feed_is_still_a_valid_document():
    for kind in ("atom", "rss"):
        parsed = feedparser.parse(render_feed(FeedSpec(f"f.{kind}", kind, "Nothing yet"), SITE, []))
        assert not parsed.bozo and parsed.entries == [] and parsed.feed.title == "Nothing yet"
