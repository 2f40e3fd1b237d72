"""WordPress export files (WXR): RSS 2.0 with the wp:, content:, excerpt: and dc: namespaces.

``content:encoded`` holds the post as it was typed: blank lines are its paragraphs,
because WordPress adds the <p> tags only when it displays a post.
"""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from datetime import UTC, datetime, tzinfo
from email.utils import parsedate_to_datetime
from urllib.parse import unquote

from .model import Entry, Export, Response
from .xml_source import local_name, namespace, text_of

CONTENT = "http://purl.org/rss/1.0/modules/content/"
DC = "http://purl.org/dc/elements/1.1/"
_WP_PREFIX = "http://wordpress.org/export/"

_STATUSES = {"publish": "published", "draft": "draft", "pending": "draft", "future": "scheduled",
             "private": "private", "trash": "trash", "auto-draft": "trash"}
_NO_DATE = {"", "0000-00-00 00:00:00"}


def is_wxr(root: ElementTree.Element) -> bool:
    return local_name(root.tag) == "rss" and any(namespace(el.tag).startswith(_WP_PREFIX) for el in root.iter())


def _children(element, space_test, name):
    return [child for child in element if local_name(child.tag) == name and space_test(namespace(child.tag))]


def _wp(element, name) -> list[ElementTree.Element]:
    """Children in the wp: namespace (any WXR version) or, for excerpt:encoded, its own."""
    return _children(element, lambda space: space.startswith(_WP_PREFIX), name)


def _wp_text(element, name) -> str:
    found = _wp(element, name)
    return text_of(found[0]) if found else ""


def _raw(element, space, name) -> str:
    found = _children(element, lambda s: s == space, name)
    return (found[0].text or "") if found else ""


def _date(gmt: str, local: str, fallback: str, zone: tzinfo) -> datetime | None:
    """The entry's moment: the GMT field, else the blog's local time read in the site's zone."""
    for value, where in ((gmt, UTC), (local, zone)):
        if value.strip() not in _NO_DATE:
            try:
                return datetime.strptime(value.strip(), "%Y-%m-%d %H:%M:%S").replace(tzinfo=where)
            except ValueError:
                continue
    if fallback:
        try:
            parsed = parsedate_to_datetime(fallback)
        except (TypeError, ValueError):
            return None
        # Drafts carry a pubDate of year -0001 or 1970; neither is a real date.
        return parsed if parsed.year > 1970 else None
    return None


def _responses(item, zone: tzinfo) -> tuple[list[Response], int]:
    kept, dropped = [], 0
    for comment in _wp(item, "comment"):
        approved = _wp_text(comment, "comment_approved")
        if approved not in ("1", "0"):  # "spam" and "trash" stay behind
            dropped += 1
            continue
        kind = _wp_text(comment, "comment_type")
        parent = _wp_text(comment, "comment_parent")
        kept.append(Response(
            id=f"wp-comment-{_wp_text(comment, 'comment_id')}",
            kind="mention" if kind in ("pingback", "trackback") else "comment",
            approved=approved == "1",
            date=_date(_wp_text(comment, "comment_date_gmt"), _wp_text(comment, "comment_date"), "", zone),
            name=_wp_text(comment, "comment_author"),
            website=_wp_text(comment, "comment_author_url"),
            html=(_wp(comment, "comment_content")[0].text or "") if _wp(comment, "comment_content") else "",
            parent=f"wp-comment-{parent}" if parent not in ("", "0") else "",
        ))
    return kept, dropped


def _old_urls(link: str, guid: str) -> list[str]:
    # The guid of a post is its ?p=ID short link, which WordPress also answered.
    urls = [link] if link else []
    if guid and guid != link and ("?p=" in guid or "?page_id=" in guid):
        urls.append(guid)
    return urls


def _terms(item, domain: str) -> list[str]:
    return [" ".join((el.text or "").split()) for el in item.findall("category")
            if el.get("domain") == domain and (el.text or "").strip()]


def read_wxr(root: ElementTree.Element, zone: tzinfo) -> Export:
    channel = root.find("channel")
    if channel is None:
        channel = ElementTree.Element("channel")
    display_names = {}
    for author in _wp(channel, "author"):
        login = _wp_text(author, "author_login")
        if login:
            display_names[login] = _wp_text(author, "author_display_name") or login
    entries, attachments, skipped = [], {}, {}
    by_id: dict[str, Entry] = {}
    for item in channel.findall("item"):
        post_type = _wp_text(item, "post_type") or "post"
        post_id = _wp_text(item, "post_id")
        if post_type == "attachment":
            url = _wp_text(item, "attachment_url")
            if url:
                attachments.setdefault(_wp_text(item, "post_parent"), []).append(url)
            continue
        if post_type not in ("post", "page"):
            skipped[post_type] = skipped.get(post_type, 0) + 1
            continue
        responses, dropped = _responses(item, zone)
        if dropped:
            skipped["spam or trashed comment"] = skipped.get("spam or trashed comment", 0) + dropped
        link = text_of(item.find("link"))
        guid = text_of(item.find("guid"))
        status = _STATUSES.get(_wp_text(item, "status"), "draft")
        entry = Entry(
            source_id=post_id or guid or "?",
            kind=post_type,
            title=" ".join((item.findtext("title") or "").split()),
            date=_date(_wp_text(item, "post_date_gmt"), _wp_text(item, "post_date"),
                       text_of(item.find("pubDate")), zone),
            status=status,
            html=_raw(item, CONTENT, "encoded"),
            slug=unquote(_wp_text(item, "post_name")),
            authors=[text_of(el) for el in _children(item, lambda s: s == DC, "creator") if text_of(el)],
            categories=_terms(item, "category"),
            tags=_terms(item, "post_tag"),
            excerpt_html=next((el.text or "" for el in item if local_name(el.tag) == "encoded"
                               and namespace(el.tag).startswith(_WP_PREFIX) and namespace(el.tag).endswith("excerpt/")),
                              ""),
            # Unpublished posts have no address anyone could have linked to.
            old_urls=_old_urls(link, guid) if status == "published" else [],
            responses=responses,
            blank_lines_are_paragraphs=True,
            password_protected=bool(_wp_text(item, "post_password")),
        )
        entries.append(entry)
        by_id[post_id] = entry
    for parent, urls in attachments.items():
        if parent in by_id:
            by_id[parent].attachments.extend(urls)
    return Export("WordPress", text_of(channel.find("title")), text_of(channel.find("link")),
                  entries, display_names, skipped)
