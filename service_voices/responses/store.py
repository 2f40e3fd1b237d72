"""Comments and webmentions in the database, and every moderation change to them."""

from __future__ import annotations

from dataclasses import dataclass

from service_voices.newsletter_mail.subscribers.schema import DatabaseFile, transaction, utc_now

from .schema import ensure_schema

MODERATION = {"approve": "approved", "reject": "rejected", "spam": "spam"}


@dataclass
class Response:
    id: int
    post: str
    parent_id: int | None
    kind: str
    status: str
    name: str
    email: str | None
    website: str
    text: str
    html: str
    by_author: bool
    source: str | None
    photo: str
    created_at: str


def _response(row) -> Response:
    return Response(row["id"], row["post"], row["parent_id"], row["kind"], row["status"], row["name"],
                    row["email"], row["website"], row["text"], row["html"], bool(row["by_author"]),
                    row["source"], row["photo"], row["created_at"])


class ResponseStore(DatabaseFile):
    """Readers' responses, in the same SQLite file as the subscriber list."""

    ensure_schema = staticmethod(ensure_schema)

    # Comments ----------------------------------------------------------------

    def is_confirmed(self, email: str) -> bool:
        with self.connect() as connection:
            return connection.execute("SELECT 1 FROM commenters WHERE email = ?", (email,)).fetchone() is not None

    def has_approved(self, email: str) -> bool:
        with self.connect() as connection:
            return connection.execute("SELECT 1 FROM responses WHERE email = ? AND status = 'approved'",
                                      (email,)).fetchone() is not None

    def add_comment(self, *, post: str, parent_id: int | None, name: str, email: str, website: str, text: str,
                    html: str, ip: str, status: str, by_author: bool = False) -> int:
        now = utc_now()
        with self.connect() as connection, transaction(connection):
            cursor = connection.execute(
                "INSERT INTO responses (post, parent_id, kind, status, name, email, website, text, html, ip, "
                "by_author, created_at, changed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (post, parent_id, "reply" if parent_id else "comment", status, name, email, website, text, html,
                 ip, int(by_author), now, now))
            return cursor.lastrowid

    def confirm(self, response_id: int, email: str, next_status: str) -> Response | None:
        """The commenter's confirmation click: remember the address, move the comment on.

        None when the comment is gone or was never this address's.
        """
        now = utc_now()
        with self.connect() as connection, transaction(connection):
            row = connection.execute("SELECT * FROM responses WHERE id = ? AND email = ?",
                                     (response_id, email)).fetchone()
            if row is None:
                return None
            connection.execute("INSERT OR IGNORE INTO commenters (email, name, confirmed_at) VALUES (?, ?, ?)",
                               (email, row["name"], now))
            if row["status"] == "unconfirmed":
                connection.execute("UPDATE responses SET status = ?, changed_at = ? WHERE id = ?",
                                   (next_status, now, response_id))
            row = connection.execute("SELECT * FROM responses WHERE id = ?", (response_id,)).fetchone()
            return _response(row)

    def get(self, response_id: int) -> Response | None:
        with self.connect() as connection:
            row = connection.execute("SELECT * FROM responses WHERE id = ?", (response_id,)).fetchone()
        return _response(row) if row else None

    def set_status(self, response_id: int, status: str) -> bool:
        with self.connect() as connection, transaction(connection):
            return connection.execute("UPDATE responses SET status = ?, changed_at = ? WHERE id = ?",
                                      (status, utc_now(), response_id)).rowcount > 0

    def delete(self, response_id: int) -> bool:
        with self.connect() as connection, transaction(connection):
            connection.execute("DELETE FROM responses WHERE parent_id = ?", (response_id,))
            return connection.execute("DELETE FROM responses WHERE id = ?", (response_id,)).rowcount > 0

    def with_status(self, status: str) -> list[Response]:
        with self.connect() as connection:
            rows = connection.execute("SELECT * FROM responses WHERE status = ? ORDER BY id", (status,)).fetchall()
        return [_response(row) for row in rows]

    def approved(self) -> list[Response]:
        return self.with_status("approved")

    # Webmentions -------------------------------------------------------------

    def mention_received(self, source: str, target: str, post: str) -> int:
        """A new or repeated notification: (again) waiting for verification. Returns its id."""
        now = utc_now()
        with self.connect() as connection, transaction(connection):
            row = connection.execute("SELECT id FROM responses WHERE source = ? AND target = ?",
                                     (source, target)).fetchone()
            if row:
                connection.execute("UPDATE responses SET changed_at = ? WHERE id = ?", (now, row[0]))
                return row[0]
            return connection.execute(
                "INSERT INTO responses (post, kind, status, source, target, created_at, changed_at) "
                "VALUES (?, 'mention', 'verifying', ?, ?, ?, ?)", (post, source, target, now, now)).lastrowid

    def mention_verified(self, response_id: int, *, kind: str, name: str, website: str, photo: str,
                         html: str, text: str) -> None:
        """The source links here: its content replaces what was known. A mention that was
        already approved stays approved (an edit of an accepted reply); others wait for moderation."""
        with self.connect() as connection, transaction(connection):
            connection.execute(
                "UPDATE responses SET kind = ?, name = ?, website = ?, photo = ?, html = ?, text = ?, "
                "status = CASE WHEN status = 'approved' THEN 'approved' ELSE 'pending' END, changed_at = ? "
                "WHERE id = ? AND status NOT IN ('rejected', 'spam')",
                (kind, name, website, photo, html, text, utc_now(), response_id))

    def mention_status(self, response_id: int) -> str | None:
        with self.connect() as connection:
            row = connection.execute("SELECT status FROM responses WHERE id = ? AND source IS NOT NULL",
                                     (response_id,)).fetchone()
        return row[0] if row else None

    def remove_mention(self, response_id: int) -> None:
        with self.connect() as connection, transaction(connection):
            connection.execute("DELETE FROM responses WHERE id = ?", (response_id,))

    def already_sent(self, source: str, target: str) -> bool:
        with self.connect() as connection:
            return connection.execute("SELECT 1 FROM sent_webmentions WHERE source = ? AND target = ?",
                                      (source, target)).fetchone() is not None

    def record_sent(self, source: str, target: str, endpoint: str, status: int) -> None:
        with self.connect() as connection, transaction(connection):
            connection.execute("INSERT OR REPLACE INTO sent_webmentions VALUES (?, ?, ?, ?, ?)",
                               (source, target, endpoint, status, utc_now()))
