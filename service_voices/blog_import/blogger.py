"""Blogger exports: the Atom feed of posts, comments, pages, settings and the template.

Two generations exist. The classic export tells entries apart by a category in the
``http://schemas.google.com/g/2005#kind`` scheme and links comments to posts with
``thr:in-reply-to``; the newer one (Google Takeout) uses ``blogger:type``,
``blogger:status``, ``blogger:filename`` and ``blogger:parent``. Both are read here.
"""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from datetime import datetime, tzinfo
from urllib.parse import urlparse

from .model import Entry, Export, Response
from .xml_source import ATOM, text_of

KIND_SCHEME = "http://schemas.google.com/g/2005#kind"
KIND_PREFIX = "http://schemas.google.com/blogger/2008/kind#"
LABEL_SCHEME = "http://www.blogger.com/atom/ns#"
THREAD = "http://purl.org/syndication/thread/1.0"
APP = "http://purl.org/atom/app#"
TAKEOUT = "http://schemas.google.com/blogger/2018"

_A = f"{{{ATOM}}}"
_B = f"{{{TAKEOUT}}}"


def is_blogger(root: ElementTree.Element) -> bool:
    if root.tag != f"{_A}feed":
        return False
    if any(el.tag.startswith(_B) for el in root.iter()):
        return True
    return any(cat.get("scheme") == KIND_SCHEME and (cat.get("term") or "").startswith(KIND_PREFIX)
               for cat in root.iter(f"{_A}category"))


def _date(value: str, zone: tzinfo) -> datetime | None:
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=zone)


def _kind(entry: ElementTree.Element) -> str:
    """post, page, comment, settings, template; '' when the entry says nothing."""
    typed = text_of(entry.find(f"{_B}type")).lower()
    if typed:
        return typed
    for category in entry.findall(f"{_A}category"):
        term = category.get("term") or ""
        if category.get("scheme") == KIND_SCHEME and term.startswith(KIND_PREFIX):
            return term[len(KIND_PREFIX):]
    return ""


def _alternate(entry) -> str:
    for link in entry.findall(f"{_A}link"):
        if link.get("rel") == "alternate" and link.get("type", "text/html") == "text/html":
            return link.get("href", "")
    return ""


def _status(entry) -> str:
    takeout = text_of(entry.find(f"{_B}status")).upper()
    if takeout:
        return {"LIVE": "published", "DRAFT": "draft", "SCHEDULED": "scheduled"}.get(takeout, "trash")
    draft = entry.find(f"{{{APP}}}control/{{{APP}}}draft")
    return "draft" if text_of(draft).lower() == "yes" else "published"


def _content(entry) -> str:
    content = entry.find(f"{_A}content")
    return (content.text or "") if content is not None else ""


def _author(entry) -> tuple[str, str]:
    author = entry.find(f"{_A}author")
    if author is None:
        return "", ""
    return text_of(author.find(f"{_A}name")), text_of(author.find(f"{_A}uri"))


def _tail(entry_id: str) -> str:
    """The number at the end of a Blogger id or feed URL: "...post-123" -> "123"."""
    return entry_id.rsplit("-", 1)[-1].rsplit("/", 1)[-1]


def _slug(old_url: str) -> str:
    name = urlparse(old_url).path.rstrip("/").rsplit("/", 1)[-1]
    return name[:-5] if name.endswith(".html") else name


def _comment(entry, zone) -> tuple[str, Response]:
    """(id of the post it belongs to, the comment)."""
    reply = entry.find(f"{{{THREAD}}}in-reply-to")
    post = reply.get("ref", "") if reply is not None else text_of(entry.find(f"{_B}parent"))
    parent = ""
    for link in entry.findall(f"{_A}link"):
        if link.get("rel") == "related":
            parent = f"blogger-comment-{_tail(link.get('href', ''))}"
    name, website = _author(entry)
    status = text_of(entry.find(f"{_B}status")).upper()
    return post, Response(
        id=f"blogger-comment-{_tail(text_of(entry.find(f'{_A}id')))}",
        kind="comment",
        approved=status in ("", "LIVE"),
        date=_date(text_of(entry.find(f"{_A}published")), zone),
        name=name,
        website=website,
        html=_content(entry),
        parent=parent,
    )


def read_blogger(root: ElementTree.Element, zone: tzinfo) -> Export:
    entries: list[Entry] = []
    by_id: dict[str, Entry] = {}
    comments: list[tuple[str, Response]] = []
    skipped: dict[str, int] = {}
    for element in root.findall(f"{_A}entry"):
        kind = _kind(element)
        if kind == "comment":
            comments.append(_comment(element, zone))
            continue
        if kind not in ("post", "page"):
            skipped[kind or "unknown entry"] = skipped.get(kind or "unknown entry", 0) + 1
            continue
        entry_id = text_of(element.find(f"{_A}id"))
        status = _status(element)
        filename = text_of(element.find(f"{_B}filename"))
        old_url = _alternate(element) or filename
        title_element = element.find(f"{_A}title")
        name, _ = _author(element)
        entry = Entry(
            source_id=entry_id or "?",
            kind=kind,
            title=" ".join((title_element.text or "").split()) if title_element is not None else "",
            date=_date(text_of(element.find(f"{_A}published")), zone),
            status=status,
            html=_content(element),
            slug=_slug(old_url) if old_url else "",
            authors=[name] if name else [],
            tags=[" ".join(cat.get("term", "").split()) for cat in element.findall(f"{_A}category")
                  if cat.get("scheme") != KIND_SCHEME and cat.get("term", "").strip()],
            old_urls=[old_url] if old_url and status == "published" else [],
        )
        entries.append(entry)
        by_id[entry_id] = entry
    for post_id, response in comments:
        if post_id in by_id:
            by_id[post_id].responses.append(response)
        else:
            skipped["comment on a post not in the export"] = skipped.get("comment on a post not in the export", 0) + 1
    link = next((el.get("href", "") for el in root.findall(f"{_A}link") if el.get("rel") == "alternate"), "")
    return Export("Blogger", text_of(root.find(f"{_A}title")), link, entries, {}, skipped)
