"""The responses tables, created beside the subscriber tables in the same database file.

One file means one privacy request (`invoke subscriber`, `invoke forget`) covers a
person both as a subscriber and as a commenter.
"""

from __future__ import annotations

import sqlite3

from service_voices.newsletter_mail.subscribers.schema import transaction

STATUSES = ("unconfirmed", "verifying", "pending", "approved", "rejected", "spam")
KINDS = ("comment", "reply", "like", "repost", "mention")

SCHEMA = (
    # Addresses that clicked their confirmation link once; their later comments go
    # straight to moderation.
    """CREATE TABLE IF NOT EXISTS commenters (
        email TEXT PRIMARY KEY COLLATE NOCASE,
        name TEXT NOT NULL DEFAULT '',
        confirmed_at TEXT NOT NULL
    )""",
    # A comment (email set) or a received webmention (source set). post is the
    # post's path on the site ("posts/slug/"); parent_id makes a reply.
    """CREATE TABLE IF NOT EXISTS responses (
        id INTEGER PRIMARY KEY,
        post TEXT NOT NULL,
        parent_id INTEGER,
        kind TEXT NOT NULL,
        status TEXT NOT NULL,
        name TEXT NOT NULL DEFAULT '',
        email TEXT COLLATE NOCASE,
        website TEXT NOT NULL DEFAULT '',
        text TEXT NOT NULL DEFAULT '',
        html TEXT NOT NULL DEFAULT '',
        ip TEXT NOT NULL DEFAULT '',
        by_author INTEGER NOT NULL DEFAULT 0,
        source TEXT,
        target TEXT,
        photo TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        changed_at TEXT NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS responses_by_post ON responses (post, status)",
    "CREATE UNIQUE INDEX IF NOT EXISTS responses_by_mention ON responses (source, target)",
    # What `invoke send-webmentions` already told which endpoint.
    """CREATE TABLE IF NOT EXISTS sent_webmentions (
        source TEXT NOT NULL,
        target TEXT NOT NULL,
        endpoint TEXT NOT NULL,
        status INTEGER NOT NULL,
        sent_at TEXT NOT NULL,
        PRIMARY KEY (source, target)
    ) WITHOUT ROWID""",
)
TABLES = {"commenters", "responses", "sent_webmentions"}


def ensure_schema(connection: sqlite3.Connection) -> None:
    present = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if present >= TABLES:
        return
    with transaction(connection):
        for statement in SCHEMA:
            connection.execute(statement)
