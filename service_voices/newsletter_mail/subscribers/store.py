"""The subscriber list, kept in an embedded SQLite database.

The subscription service (threads or async handlers) and the sending process use the
same file at the same time, so every call opens its own short-lived connection, the
journal is WAL (readers never block the writer) and a busy writer is waited for
rather than reported as an error. Read-modify-write steps run in BEGIN IMMEDIATE
transactions, so two requests for one address cannot interleave.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from service_voices.names import clean_name

STATUSES = ("pending", "active", "unsubscribed", "bounced")
BUSY_TIMEOUT_MS = 10_000

SCHEMA = """
CREATE TABLE IF NOT EXISTS subscribers (
    email TEXT PRIMARY KEY COLLATE NOCASE,
    name TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL CHECK (status IN ('pending', 'active', 'unsubscribed', 'bounced')),
    source TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    changed_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS subscribers_by_status ON subscribers (status);
"""

_LOCAL_PART = re.compile(r"[a-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*")
_DOMAIN_LABEL = re.compile(r"[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?")
_NOT_BARE = re.compile(r"[\s<>,;:\"()\[\]\\]")


class InvalidAddress(ValueError):
    """Not one plain email address; the message says why, for people to read."""


def normalize_email(text) -> str:
    """The address in its stored form (lower case), or InvalidAddress with the reason."""
    if not isinstance(text, str):
        raise InvalidAddress("is not text")
    if "\r" in text or "\n" in text:
        raise InvalidAddress("contains a line break")
    address = text.strip().lower()
    if not address:
        raise InvalidAddress("is empty")
    if not address.isascii():
        raise InvalidAddress("contains non-ASCII characters")
    if _NOT_BARE.search(address):
        raise InvalidAddress("must be a bare address (no name, spaces, brackets or lists)")
    if address.count("@") != 1:
        raise InvalidAddress("must contain exactly one @")
    if len(address) > 254:
        raise InvalidAddress("is longer than 254 characters")
    local, domain = address.split("@")
    if not local or len(local) > 64 or not _LOCAL_PART.fullmatch(local):
        raise InvalidAddress("has an invalid part before the @")
    labels = domain.split(".")
    if len(labels) < 2 or not all(_DOMAIN_LABEL.fullmatch(label) for label in labels):
        raise InvalidAddress("has an invalid domain")
    if labels[-1].isdigit():
        raise InvalidAddress("has an invalid domain")
    return address


def utc_now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


@dataclass
class Subscriber:
    email: str
    name: str
    status: str
    source: str
    created_at: str
    changed_at: str


@dataclass
class ImportRow:
    line: int
    email: str
    name: str


@dataclass
class ImportReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    problems: list[str] = field(default_factory=list)

    def skip(self, line: int, reason: str) -> None:
        self.skipped += 1
        self.problems.append(f"line {line}: {reason}")

    @property
    def summary(self) -> str:
        return (f"added {self.added}, updated {self.updated}, unchanged {self.unchanged}, "
                f"skipped {self.skipped}")


def open_connection(path: str | Path) -> sqlite3.Connection:
    """A connection in autocommit mode; transactions are opened explicitly."""
    connection = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    connection.row_factory = sqlite3.Row
    return connection


@contextmanager
def transaction(connection: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """BEGIN IMMEDIATE takes the write lock up front, so read-then-write is atomic."""
    connection.execute("BEGIN IMMEDIATE")
    try:
        yield connection
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")


def _row_to_subscriber(row) -> Subscriber:
    return Subscriber(row["email"], row["name"], row["status"], row["source"],
                      row["created_at"], row["changed_at"])


class SubscriberStore:
    """The subscriber list in the SQLite file at ``path`` (created on first use)."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.connect() as connection:
            connection.execute("PRAGMA journal_mode = WAL")
            connection.executescript(SCHEMA)

    @contextmanager
    def connect(self) -> Iterator[sqlite3.Connection]:
        connection = open_connection(self.path)
        try:
            yield connection
        finally:
            connection.close()

    def get(self, email: str) -> Subscriber | None:
        with self.connect() as connection:
            row = connection.execute("SELECT * FROM subscribers WHERE email = ?", (email.strip(),)).fetchone()
        return _row_to_subscriber(row) if row else None

    def status_of(self, email: str) -> str | None:
        with self.connect() as connection:
            row = connection.execute("SELECT status FROM subscribers WHERE email = ?", (email,)).fetchone()
        return row[0] if row else None

    def request_subscription(self, email: str, name: str = "", source: str = "") -> str:
        """Record a sign-up request; returns the address's state before it."""
        email = normalize_email(email)
        now = utc_now()
        with self.connect() as connection, transaction(connection):
            row = connection.execute("SELECT status FROM subscribers WHERE email = ?", (email,)).fetchone()
            if row is None:
                connection.execute(
                    "INSERT INTO subscribers (email, name, status, source, created_at, changed_at) "
                    "VALUES (?, ?, 'pending', ?, ?, ?)", (email, clean_name(name), source, now, now))
                return "new"
            before = row[0]
            if before == "active":
                return before
            connection.execute(
                "UPDATE subscribers SET status = 'pending', name = ?, source = ?, changed_at = ? WHERE email = ?",
                (clean_name(name), source, now, email))
            return before

    def activate(self, email: str) -> bool:
        """pending -> active; True when the address is active afterwards."""
        with self.connect() as connection, transaction(connection):
            connection.execute(
                "UPDATE subscribers SET status = 'active', changed_at = ? WHERE email = ? AND status = 'pending'",
                (utc_now(), email.strip()))
            row = connection.execute("SELECT status FROM subscribers WHERE email = ?", (email.strip(),)).fetchone()
        return row is not None and row[0] == "active"

    def unsubscribe(self, email: str) -> bool:
        """Any known address -> unsubscribed (idempotent); False for an unknown one."""
        return self._set_status(email, "unsubscribed")

    def mark_bounced(self, email: str) -> bool:
        return self._set_status(email, "bounced")

    def _set_status(self, email: str, status: str) -> bool:
        with self.connect() as connection, transaction(connection):
            row = connection.execute("SELECT status FROM subscribers WHERE email = ?", (email.strip(),)).fetchone()
            if row is None:
                return False
            if row[0] != status:
                connection.execute("UPDATE subscribers SET status = ?, changed_at = ? WHERE email = ?",
                                   (status, utc_now(), email.strip()))
            return True

    def counts(self) -> dict[str, int]:
        totals = dict.fromkeys(STATUSES, 0)
        with self.connect() as connection:
            for status, count in connection.execute("SELECT status, COUNT(*) FROM subscribers GROUP BY status"):
                totals[status] = count
        return totals

    def all(self) -> list[Subscriber]:
        with self.connect() as connection:
            rows = connection.execute("SELECT * FROM subscribers ORDER BY email").fetchall()
        return [_row_to_subscriber(row) for row in rows]

    def active_emails(self) -> list[str]:
        with self.connect() as connection:
            rows = connection.execute("SELECT email FROM subscribers WHERE status = 'active' ORDER BY email")
            return [row[0] for row in rows]

    def import_rows(self, rows: Iterable[ImportRow], status: str = "active", source: str = "import",
                    report: ImportReport | None = None) -> ImportReport:
        """Add people who already opted in; never revives an unsubscribed or bounced address.

        New addresses get ``status``. A pending address is promoted when importing as
        active; a differing name is refreshed. Invalid addresses and repeats within the
        import are skipped with their line numbers.
        """
        if status not in ("active", "pending"):
            raise ValueError(f"an import adds active or pending subscribers, not {status!r}")
        report = report or ImportReport()
        seen: dict[str, int] = {}
        now = utc_now()
        with self.connect() as connection, transaction(connection):
            for row in rows:
                try:
                    email = normalize_email(row.email)
                except InvalidAddress as error:
                    report.skip(row.line, f"{row.email.strip()!r} {error}")
                    continue
                if email in seen:
                    report.skip(row.line, f"{email} repeats line {seen[email]}")
                    continue
                seen[email] = row.line
                name = clean_name(row.name)
                existing = connection.execute(
                    "SELECT name, status FROM subscribers WHERE email = ?", (email,)).fetchone()
                if existing is None:
                    connection.execute(
                        "INSERT INTO subscribers (email, name, status, source, created_at, changed_at) "
                        "VALUES (?, ?, ?, ?, ?, ?)", (email, name, status, source, now, now))
                    report.added += 1
                    continue
                if existing["status"] in ("unsubscribed", "bounced"):
                    report.skip(row.line, f"{email} is {existing['status']} and is not re-subscribed by an import")
                    continue
                new_status = "active" if status == "active" or existing["status"] == "active" else "pending"
                new_name = name or existing["name"]
                if new_status == existing["status"] and new_name == existing["name"]:
                    report.unchanged += 1
                    continue
                connection.execute("UPDATE subscribers SET name = ?, status = ?, changed_at = ? WHERE email = ?",
                                   (new_name, new_status, now, email))
                report.updated += 1
        return report
