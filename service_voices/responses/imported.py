"""Comments and pingbacks brought over by ``invoke import-blog``, loaded into the responses store.

The importer writes each post's old responses to ``content/responses/<kind>s/<slug>.json``
(format ``service-voices-imported-responses/1``, never an email address). Loading them
keeps their status (approved or pending moderation), dates, names, websites and reply
threads; pingbacks become mentions. The HTML is sanitised like any comment. Loading the
same files again adds nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from service_voices.newsletter_mail.subscribers.schema import transaction, utc_now

from .markup import sanitise
from .store import ResponseStore

FORMAT = "service-voices-imported-responses/1"


@dataclass
class Loaded:
    added: int = 0
    already_there: int = 0


class ImportedResponsesError(ValueError):
    """A responses file that cannot be read; the message names it."""


def post_path(post: dict, article_url: str, page_url: str) -> str:
    """The post's path on this site, as the responses store keys it ("posts/slug/")."""
    pattern = page_url if post.get("kind") == "page" else article_url
    return pattern.format(slug=post["slug"])


def load_imported(store: ResponseStore, folder: Path, article_url: str = "posts/{slug}/",
                  page_url: str = "{slug}/", site_url: str = "") -> Loaded:
    loaded = Loaded()
    for path in sorted(Path(folder).glob("*/*.json")):
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            raise ImportedResponsesError(f"{path}: not an imported responses file ({error})") from None
        if document.get("format") != FORMAT:
            raise ImportedResponsesError(f"{path}: not an imported responses file (format {document.get('format')!r})")
        post = post_path(document["post"], article_url, page_url)
        _load_post(store, post, document["responses"], f"{site_url.rstrip('/')}/{post}", loaded)
    return loaded


def _load_post(store: ResponseStore, post: str, responses: list[dict], target: str, loaded: Loaded) -> None:
    ids: dict = {}
    with store.connect() as connection, transaction(connection):
        for item in responses:
            author = item.get("author") or {}
            created = item.get("published") or utc_now()
            status = "approved" if item.get("status") == "approved" else "pending"
            html = sanitise(item.get("content_html") or "")
            mention = item.get("type") == "mention"
            parent = ids.get(item.get("in_reply_to"))
            kind = "mention" if mention else ("reply" if parent else "comment")
            source = author.get("url") or "" if mention else None
            found = connection.execute(
                "SELECT id FROM responses WHERE post = ? AND kind = ? AND name = ? AND created_at = ? AND html = ?",
                (post, kind, author.get("name") or "", created, html)).fetchone()
            if found is not None:
                ids[item.get("id")] = found[0]
                loaded.already_there += 1
                continue
            cursor = connection.execute(
                "INSERT OR IGNORE INTO responses (post, parent_id, kind, status, name, website, html, source, "
                "target, created_at, changed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (post, parent, kind, status, author.get("name") or "", author.get("url") or "", html,
                 source or None, target if source else None, created, utc_now()))
            ids[item.get("id")] = cursor.lastrowid
            loaded.added += 1
