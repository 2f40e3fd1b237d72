"""The suppression list: addresses that were forgotten, kept only as keyed hashes.

`invoke forget` (and "also delete my data" on the unsubscribe page) erases an
address's row and history, but the address must still never come back silently
through an import or a stranger's sign-up. So its HMAC-SHA256 under a random key
stays behind. The key is made once per database (table store_keys), so the hashes
cannot be matched against hashes of the same address anywhere else, and nothing in
the table reads back as an address.
"""

from __future__ import annotations

import hashlib
import hmac
import sqlite3

FORGOTTEN = "forgotten"


def _key(connection: sqlite3.Connection) -> bytes:
    row = connection.execute("SELECT secret FROM store_keys WHERE name = 'suppression'").fetchone()
    return bytes(row[0])


class Hasher:
    """The keyed hash of normalised addresses in this database, with the key read once."""

    def __init__(self, connection: sqlite3.Connection):
        self._key = _key(connection)

    def __call__(self, email: str) -> str:
        return hmac.new(self._key, email.encode("utf-8"), hashlib.sha256).hexdigest()


def address_hash(connection: sqlite3.Connection, email: str) -> str:
    return Hasher(connection)(email)


def forgotten_since(connection: sqlite3.Connection, hashed: str) -> str | None:
    """When the address behind ``hashed`` was forgotten (UTC ISO time), or None."""
    row = connection.execute("SELECT since FROM suppressions WHERE address_hash = ? AND reason = ?",
                             (hashed, FORGOTTEN)).fetchone()
    return row[0] if row else None


def add_forgotten(connection: sqlite3.Connection, hashed: str, now: str) -> None:
    connection.execute("INSERT INTO suppressions (address_hash, reason, since) VALUES (?, ?, ?) "
                       "ON CONFLICT (address_hash) DO UPDATE SET reason = excluded.reason, since = excluded.since",
                       (hashed, FORGOTTEN, now))


def remove(connection: sqlite3.Connection, hashed: str) -> None:
    """The person confirmed again: their row and history now speak for them."""
    connection.execute("DELETE FROM suppressions WHERE address_hash = ?", (hashed,))


def forgotten_count(connection: sqlite3.Connection) -> int:
    return connection.execute("SELECT COUNT(*) FROM suppressions WHERE reason = ?", (FORGOTTEN,)).fetchone()[0]
