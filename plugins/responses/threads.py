"""Pure logic: which posts take comments, and approved responses shaped for the theme."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from service_voices.responses.markup import initials

OFF_WORDS = {"off", "no", "false", "closed"}
REACTIONS = ("like", "repost")


def comments_open(metadata_value, default_open: bool, close_after_days: int, published: dt.datetime,
                  now: dt.datetime) -> bool:
    """`Comments: off` in front matter closes a post; so does age past the setting."""
    value = str(metadata_value or "").strip().lower()
    if value in OFF_WORDS or (not value and not default_open):
        return False
    if close_after_days and published.tzinfo is not None:
        return now - published <= dt.timedelta(days=close_after_days)
    return True


@dataclass
class Shown:
    """One response as the page shows it. Never carries an email or IP address."""

    id: int | str  # database ids are numbers; sample responses have "sample-N"
    kind: str
    name: str
    website: str
    date: dt.datetime
    html: str
    photo: str
    initials: str
    by_author: bool
    source: str
    replies: list[Shown] = field(default_factory=list)


@dataclass
class PostResponses:
    threads: list[Shown] = field(default_factory=list)
    reactions: list[Shown] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.threads) + sum(len(thread.replies) for thread in self.threads) + len(self.reactions)


def _shown(response) -> Shown:
    return Shown(response.id, response.kind, response.name, response.website,
                 dt.datetime.fromisoformat(response.created_at), response.html, response.photo,
                 initials(response.name), response.by_author, response.source or "")


def group_by_post(approved) -> dict[str, PostResponses]:
    """Approved responses per post path, replies under their comment, oldest first.

    A reply whose comment is not approved (or was deleted) is not shown: it would
    answer nothing the reader can see.
    """
    posts: dict[str, PostResponses] = {}
    top: dict[int, Shown] = {}
    replies = []
    for response in sorted(approved, key=lambda item: (item.created_at, str(item.id))):
        post = posts.setdefault(response.post, PostResponses())
        if response.parent_id is not None:
            replies.append(response)
        elif response.kind in REACTIONS:
            post.reactions.append(_shown(response))
        else:
            shown = top[response.id] = _shown(response)
            post.threads.append(shown)
    for response in replies:
        parent = top.get(response.parent_id)
        if parent is not None:
            parent.replies.append(_shown(response))
    return posts


def count_words(count: int) -> str:
    if count == 0:
        return "No responses yet"
    return f"{count} response{'s' if count != 1 else ''}"


def json_ld(responses: PostResponses, post_url: str) -> dict:
    """schema.org Comment entries for the post's JSON-LD (names and text only)."""
    def comment(shown: Shown) -> dict:
        data = {"@type": "Comment", "author": {"@type": "Person", "name": shown.name},
                "dateCreated": shown.date.isoformat(), "url": f"{post_url}#response-{shown.id}"}
        if shown.replies:
            data["comment"] = [comment(reply) for reply in shown.replies]
        return data

    return {"@context": "https://schema.org", "@type": "BlogPosting", "@id": post_url, "url": post_url,
            "commentCount": responses.count, "comment": [comment(thread) for thread in responses.threads]}
