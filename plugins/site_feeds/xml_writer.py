"""Write Atom and RSS documents as text, rendering each post's entry only once.

A post sits in several feeds at once (all posts, its category, each of its authors,
in Atom and in RSS), so building every feed as its own feedgen tree serialised the
same full-text content six or more times per post. Here each entry is rendered once
per format and the documents are joined from those strings. The markup matches what
``feeds.build_feed`` (feedgen) writes, which the tests check. No Pelican imports.
"""

from __future__ import annotations

import re
from email.utils import format_datetime
from xml.sax.saxutils import escape, quoteattr

from .feeds import FeedSpec, SiteInfo, absolute

ATOM_NS = "http://www.w3.org/2005/Atom"
# Characters XML 1.0 forbids; a stray one in a post must not make a feed unreadable.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _text(value) -> str:
    return escape(_NOT_XML.sub("", str(value)))


def _attr(value) -> str:
    return quoteattr(_NOT_XML.sub("", str(value)))


def _cdata(value: str) -> str:
    # "]]>" would end the section early; split it across two sections instead.
    return "<![CDATA[" + _NOT_XML.sub("", value).replace("]]>", "]]]]><![CDATA[>") + "]]>"


def atom_entry(data: dict) -> str:
    parts = [f"<entry><id>{_text(data['url'])}</id><title>{_text(data['title'])}</title>"
             f"<updated>{data['updated'].isoformat()}</updated>"]
    parts += [f"<author><name>{_text(name)}</name></author>" for name in data["authors"]]
    parts.append(f'<content type="html">{_text(data["content"])}</content>')
    parts.append(f"<link href={_attr(data['url'])}/>")
    if data.get("summary"):
        parts.append(f'<summary type="html">{_text(data["summary"])}</summary>')
    parts += [f"<category term={_attr(tag)}/>" for tag in data.get("tags", ())]
    parts.append(f"<published>{data['date'].isoformat()}</published></entry>")
    return "".join(parts)


def rss_item(data: dict) -> str:
    parts = [f"<item><title>{_text(data['title'])}</title><link>{_text(data['url'])}</link>"]
    if data.get("summary"):
        parts.append(f"<description>{_text(data['summary'])}</description>")
        parts.append(f"<content:encoded>{_cdata(data['content'])}</content:encoded>")
    else:
        # As feedgen does: without a summary the full text is the description.
        parts.append(f"<description>{_cdata(data['content'])}</description>")
    parts.append(f'<guid isPermaLink="true">{_text(data["url"])}</guid>')
    parts += [f"<category>{_text(tag)}</category>" for tag in data.get("tags", ())]
    parts.append(f"<pubDate>{format_datetime(data['date'])}</pubDate>")
    parts += [f"<dc:creator>{_text(name)}</dc:creator>" for name in data["authors"]]
    parts.append("</item>")
    return "".join(parts)


class EntryCache:
    """Rendered entries of one build, keyed by the entry dict's identity and format.

    Made per build and dropped with it, so nothing outlives a live-reload cycle. Only
    one format is kept at a time (feeds come all Atom, then all RSS), which halves the
    memory the full texts take on a large site.
    """

    def __init__(self):
        self._rendered: dict[tuple[int, str], str] = {}
        self._keep: list[dict] = []  # holds the dicts so their ids stay unique
        self._kind = None

    def get(self, data: dict, kind: str) -> str:
        if kind != self._kind:
            self._rendered.clear()
            self._kind = kind
        key = (id(data), kind)
        text = self._rendered.get(key)
        if text is None:
            text = atom_entry(data) if kind == "atom" else rss_item(data)
            self._rendered[key] = text
            self._keep.append(data)
        return text


def render_feed(spec: FeedSpec, site: SiteInfo, entries: list[dict], cache: EntryCache | None = None) -> str:
    """The whole document for ``spec``; ``entries`` as for ``build_feed``, newest first."""
    cache = cache or EntryCache()
    feed_url = absolute(site.url, spec.path)
    home = site.url + "/"
    body = "".join(cache.get(data, spec.kind) for data in entries)
    updated = max((data["updated"] for data in entries), default=None)
    if spec.kind == "atom":
        head = (f'<feed xmlns="{ATOM_NS}" xml:lang={_attr(site.language)}><id>{_text(feed_url)}</id>'
                f"<title>{_text(spec.title)}</title>"
                + (f"<updated>{updated.isoformat()}</updated>" if updated else "")
                + f'<link href={_attr(home)} rel="alternate"/><link href={_attr(feed_url)} rel="self"/>'
                f"<subtitle>{_text(site.subtitle or spec.title)}</subtitle>")
        tail = "</feed>"
    else:
        head = ('<rss xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom" '
                'xmlns:content="http://purl.org/rss/1.0/modules/content/" version="2.0"><channel>'
                f"<title>{_text(spec.title)}</title><link>{_text(home)}</link>"
                f"<description>{_text(site.subtitle or spec.title)}</description>"
                f'<atom:link href={_attr(feed_url)} rel="self" type="application/rss+xml"/>'
                "<docs>http://www.rssboard.org/rss-specification</docs>"
                f"<language>{_text(site.language)}</language>"
                + (f"<lastBuildDate>{format_datetime(updated)}</lastBuildDate>" if updated else ""))
        tail = "</channel></rss>"
    return "<?xml version='1.0' encoding='UTF-8'?>\n" + head + body + tail + "\n"
