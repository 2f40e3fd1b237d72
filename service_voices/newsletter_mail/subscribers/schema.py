"""The subscriber database: its tables, connections and transactions.

The subscription service (threads or async handlers) and the sending process use the
same file at the same time, so every call opens its own short-lived connection, the
journal is WAL (readers never block the writer) and a busy writer is waited for
rather than reported as an error. Read-modify-write steps run in BEGIN IMMEDIATE
transactions, so two requests for one address cannot interleave.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

STATUSES = ("pending", "active", "unsubscribed", "bounced")
BUSY_TIMEOUT_MS = 10_000

# Statements, one each (sqlite3 runs one at a time in a transaction). The subscribers
# table is the list as it always was; the history and the suppression list sit beside.
SCHEMA = (
    """CREATE TABLE IF NOT EXISTS subscribers (
        email TEXT PRIMARY KEY COLLATE NOCASE,
        name TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL CHECK (status IN ('pending', 'active', 'unsubscribed', 'bounced')),
        source TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        changed_at TEXT NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS subscribers_by_status ON subscribers (status)",
    # Every status change: old_status is NULL when the address was new; evidence is
    # a JSON object (confirmation time, form origin, an importing tool's opt-in data).
    """CREATE TABLE IF NOT EXISTS subscriber_events (
        id INTEGER PRIMARY KEY,
        email TEXT NOT NULL COLLATE NOCASE,
        old_status TEXT,
        new_status TEXT NOT NULL,
        at TEXT NOT NULL,
        how TEXT NOT NULL,
        evidence TEXT NOT NULL DEFAULT '{}'
    )""",
    "CREATE INDEX IF NOT EXISTS subscriber_events_by_email ON subscriber_events (email, id)",
    # Forgotten addresses, as keyed hashes only (see suppression.py).
    """CREATE TABLE IF NOT EXISTS suppressions (
        address_hash TEXT PRIMARY KEY,
        reason TEXT NOT NULL,
        since TEXT NOT NULL
    ) WITHOUT ROWID""",
    "CREATE TABLE IF NOT EXISTS store_keys (name TEXT PRIMARY KEY, secret BLOB NOT NULL) WITHOUT ROWID",
    "INSERT OR IGNORE INTO store_keys (name, secret) VALUES ('suppression', randomblob(32))",
    # SubscriberStore writes each change's event itself, before the change, so the
    # newest event always names the current status. Code that changes a status with
    # its own SQL still leaves a record: these triggers write one when that newest
    # event does not match.
    """CREATE TRIGGER IF NOT EXISTS subscriber_status_set_elsewhere
    AFTER UPDATE OF status ON subscribers
    WHEN OLD.status IS NOT NEW.status AND NEW.status IS NOT (
        SELECT new_status FROM subscriber_events WHERE email = NEW.email ORDER BY id DESC LIMIT 1)
    BEGIN
        INSERT INTO subscriber_events (email, old_status, new_status, at, how, evidence)
        VALUES (NEW.email, OLD.status, NEW.status, NEW.changed_at,
                CASE NEW.status WHEN 'bounced' THEN 'bounce:unknown' ELSE 'unrecorded' END,
                '{"note": "changed without SubscriberStore"}');
    END""",
    """CREATE TRIGGER IF NOT EXISTS subscriber_added_elsewhere
    AFTER INSERT ON subscribers
    WHEN NEW.status IS NOT (
        SELECT new_status FROM subscriber_events WHERE email = NEW.email ORDER BY id DESC LIMIT 1)
    BEGIN
        INSERT INTO subscriber_events (email, old_status, new_status, at, how, evidence)
        VALUES (NEW.email, NULL, NEW.status, NEW.changed_at, 'unrecorded',
                '{"note": "added without SubscriberStore"}');
    END""",
)
TABLES = {"subscribers", "subscriber_events", "suppressions", "store_keys",
          "subscriber_status_set_elsewhere", "subscriber_added_elsewhere"}

# A database from before the history gets one event per subscriber, so the newest
# event names the current status from the start, and says where the record begins.
BACKFILL = """
INSERT INTO subscriber_events (email, old_status, new_status, at, how, evidence)
SELECT email, NULL, status, changed_at, 'before-history',
       json_object('source', source, 'created_at', created_at)
FROM subscribers ORDER BY email
"""


def utc_now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def open_connection(path: str | Path) -> sqlite3.Connection:
    """A connection in autocommit mode; transactions are opened explicitly."""
    connection = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    connection.row_factory = sqlite3.Row
    return connection


@contextmanager
def connected(path: str | Path) -> Iterator[sqlite3.Connection]:
    """open_connection for the length of a with block, closed however it ends."""
    connection = open_connection(path)
    try:
        yield connection
    finally:
        connection.close()


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


def _present(connection: sqlite3.Connection) -> set[str]:
    return {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}


def ensure_schema(connection: sqlite3.Connection) -> None:
    """Create what is missing; a database from before the history is brought up to date."""
    connection.execute("PRAGMA journal_mode = WAL")
    if _present(connection) >= TABLES:
        return  # the usual case: no write lock needed
    with transaction(connection):
        had_history = "subscriber_events" in _present(connection)
        for statement in SCHEMA:
            connection.execute(statement)
        if not had_history:
            connection.execute(BACKFILL)


class DatabaseFile:
    """A store kept in one SQLite file: its folder and tables are made on first use.

    Subclasses name their tables' ``ensure_schema``; the subscriber list and the
    responses share the file and this way of opening it.
    """

    @staticmethod
    def ensure_schema(connection: sqlite3.Connection) -> None:
        raise NotImplementedError

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.connect() as connection:
            self.ensure_schema(connection)

    def connect(self) -> AbstractContextManager[sqlite3.Connection]:
        return connected(self.path)
