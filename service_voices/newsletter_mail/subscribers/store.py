"""The subscriber list, kept in an embedded SQLite database (see schema.py).

Every status change goes through this class, which writes it to the history first
(history.py), and consent is sticky: an address that unsubscribed, bounced or was
forgotten becomes active again only through its own confirmation click, or an
operator's forced change with a reason on record.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

from service_voices.names import clean_name

from . import history, suppression
from .addresses import InvalidAddress, normalize_email
from .changes import CONFIRM_CLICK, OPT_IN, SUPPRESSED, add, change, status_since
from .history import Event
from .importing import ImportReport, ImportRow, import_rows
from .schema import STATUSES, DatabaseFile, ensure_schema, open_connection, transaction, utc_now

__all__ = ["STATUSES", "SUPPRESSED", "ConsentRequired", "Event", "ImportReport", "ImportRow", "InvalidAddress",
           "Subscriber", "SubscriberStore", "normalize_email", "open_connection", "transaction", "utc_now"]

SIGNUP_SOURCE = "signup form"
# Other tables of this database that hold addresses: the send ledger keeps who was
# sent which issue (sending/ledger.py); readers' comments and confirmed commenters
# (service_voices/responses/schema.py). `subscriber` shows and `forget` erases them.
OTHER_TABLES_WITH_ADDRESSES = (("deliveries", "email"), ("responses", "email"), ("commenters", "email"))


class ConsentRequired(ValueError):
    """The change would subscribe an address that opted out, bounced or was forgotten."""


@dataclass
class Subscriber:
    email: str
    name: str
    status: str
    source: str
    created_at: str
    changed_at: str


@dataclass
class Record:
    """Everything held about one address, for `invoke subscriber`."""

    email: str
    subscriber: Subscriber | None
    events: list[Event]
    other: dict[str, list[dict]]
    forgotten_since: str | None


def _row_to_subscriber(row) -> Subscriber:
    return Subscriber(row["email"], row["name"], row["status"], row["source"],
                      row["created_at"], row["changed_at"])


def _epoch(iso_time: str) -> float:
    return dt.datetime.fromisoformat(iso_time).timestamp()


def _issued_after(issued_at: int | None, iso_time: str) -> bool:
    """A confirmation link made after that moment (an older one must not undo a later opt-out)."""
    return issued_at is not None and issued_at >= _epoch(iso_time)


def _tables(connection: sqlite3.Connection) -> set[str]:
    return {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


class SubscriberStore(DatabaseFile):
    """The subscriber list in the SQLite file at ``path`` (created on first use)."""

    ensure_schema = staticmethod(ensure_schema)

    # Reading -------------------------------------------------------------------

    def get(self, email: str) -> Subscriber | None:
        with self.connect() as connection:
            row = connection.execute("SELECT * FROM subscribers WHERE email = ?", (email.strip(),)).fetchone()
        return _row_to_subscriber(row) if row else None

    def status_of(self, email: str) -> str | None:
        with self.connect() as connection:
            row = connection.execute("SELECT status FROM subscribers WHERE email = ?", (email,)).fetchone()
        return row[0] if row else None

    def counts(self) -> dict[str, int]:
        totals = dict.fromkeys(STATUSES, 0)
        with self.connect() as connection:
            for status, count in connection.execute("SELECT status, COUNT(*) FROM subscribers GROUP BY status"):
                totals[status] = count
        return totals

    def forgotten_count(self) -> int:
        with self.connect() as connection:
            return suppression.forgotten_count(connection)

    def all(self) -> list[Subscriber]:
        with self.connect() as connection:
            rows = connection.execute("SELECT * FROM subscribers ORDER BY email").fetchall()
        return [_row_to_subscriber(row) for row in rows]

    def active_emails(self) -> list[str]:
        with self.connect() as connection:
            rows = connection.execute("SELECT email FROM subscribers WHERE status = 'active' ORDER BY email")
            return [row[0] for row in rows]

    def history(self, email: str) -> list[Event]:
        with self.connect() as connection:
            return history.events_of(connection, email.strip().lower())

    def consent_records(self) -> dict[str, tuple[Event | None, Event | None]]:
        """Per address: its newest opt-in event (the consent on record) and its newest event."""
        with self.connect() as connection:
            opt_ins = history.newest_events(connection, OPT_IN)
            latest = history.newest_events(connection)
        return {email: (opt_ins.get(email), latest.get(email)) for email in set(opt_ins) | set(latest)}

    def is_forgotten(self, email: str) -> bool:
        with self.connect() as connection:
            return suppression.forgotten_since(connection, suppression.address_hash(connection, email)) is not None

    def record_of(self, email: str) -> Record:
        """Everything held about ``email``: the row, the history, other tables, the suppression list."""
        email = normalize_email(email)
        with self.connect() as connection:
            row = connection.execute("SELECT * FROM subscribers WHERE email = ?", (email,)).fetchone()
            other = {}
            present = _tables(connection)
            for table, column in OTHER_TABLES_WITH_ADDRESSES:
                if table in present:
                    found = connection.execute(f"SELECT * FROM {table} WHERE {column} = ?", (email,))
                    other[table] = [{key: value for key, value in dict(item).items() if key != column}
                                    for item in found]
            return Record(email, _row_to_subscriber(row) if row else None, history.events_of(connection, email),
                          other, suppression.forgotten_since(connection, suppression.address_hash(connection, email)))

    # Sign-up, confirmation, unsubscribe, bounce --------------------------------

    def request_subscription(self, email: str, name: str = "", source: str = "", evidence: dict | None = None) -> str:
        """Record a sign-up request; returns the address's state before it.

        "new" and "pending" addresses are (again) pending with the name typed. For an
        active, unsubscribed, bounced or "forgotten" one nothing changes: the caller
        sends a confirmation (except to active ones), and only its click counts.
        """
        email = normalize_email(email)
        now = utc_now()
        with self.connect() as connection, transaction(connection):
            row = connection.execute("SELECT status FROM subscribers WHERE email = ?", (email,)).fetchone()
            if row is None:
                if suppression.forgotten_since(connection, suppression.address_hash(connection, email)):
                    return "forgotten"
                add(connection, email, clean_name(name), "pending", source, "form", evidence, now)
                return "new"
            before = row[0]
            if before == "pending":
                connection.execute("UPDATE subscribers SET name = ?, source = ?, changed_at = ? WHERE email = ?",
                                   (clean_name(name), source, now, email))
            return before

    def activate(self, email: str, issued_at: int | None = None, evidence: dict | None = None,
                 source: str = SIGNUP_SOURCE) -> bool:
        """The confirmation click: True when the address is active afterwards.

        A pending address becomes active. An unsubscribed, bounced or forgotten one
        does too, but only with a link issued (``issued_at``, Unix time) after it
        left, so an old confirmation mail cannot undo a later unsubscribe.
        """
        email = email.strip().lower()
        now = utc_now()
        with self.connect() as connection, transaction(connection):
            row = connection.execute("SELECT status, changed_at FROM subscribers WHERE email = ?",
                                     (email,)).fetchone()
            proof = {**(evidence or {}), "confirmed_at": now}
            if issued_at is not None:
                proof["link_issued_at"] = dt.datetime.fromtimestamp(issued_at, dt.UTC).isoformat()
            if row is None:
                hashed = suppression.address_hash(connection, email)
                since = suppression.forgotten_since(connection, hashed)
                if since is None or not _issued_after(issued_at, since):
                    return False
                add(connection, email, "", "active", source, CONFIRM_CLICK, {**proof, "forgotten_at": since}, now)
                suppression.remove(connection, hashed)
                return True
            status, changed_at = row
            if status == "active":
                return True
            if status in SUPPRESSED and not _issued_after(issued_at, status_since(connection, email, changed_at)):
                return False
            signed_up = [event for event in history.events_of(connection, email) if event.how == "form"]
            if signed_up and status == "pending":
                proof = {"signed_up_at": signed_up[-1].at, **signed_up[-1].evidence, **proof}
            change(connection, email, status, "active", CONFIRM_CLICK, proof, now)
            return True

    def unsubscribe(self, email: str, how: str = "admin", evidence: dict | None = None) -> bool:
        """Any known address -> unsubscribed (idempotent); False for an unknown one."""
        return self._set_status(email, "unsubscribed", how, evidence)

    def unsubscribe_many(self, requests: Iterable[tuple[str, str]]) -> None:
        """(address, how) pairs in one transaction, each as ``unsubscribe`` would."""
        now = utc_now()
        with self.connect() as connection, transaction(connection):
            for email, how in requests:
                email = email.strip().lower()
                row = connection.execute("SELECT status FROM subscribers WHERE email = ?", (email,)).fetchone()
                if row is not None and row[0] != "unsubscribed":
                    change(connection, email, row[0], "unsubscribed", how, None, now)

    def mark_bounced(self, email: str, code: str | int = "", evidence: dict | None = None) -> bool:
        """The server refused the address for good: bounced, recorded as ``bounce:<code>``."""
        return self._set_status(email, "bounced", f"bounce:{code or 'unknown'}", evidence)

    def record_event(self, email: str, new_status: str, how: str, evidence: dict | None = None, *,
                     force_reason: str = "") -> Event | None:
        """Change ``email`` to ``new_status`` and record how, with the evidence given.

        The one public way to record a status change with evidence: bounces
        (``bounce:<code>``), complaints (``complaint``, to unsubscribed), admin changes.
        Returns the event, or None when nothing changed (same status, or an unknown
        address leaving). An address that opted out, bounced or was forgotten can only
        be made pending or active with ``force_reason`` (kept in the evidence):
        ConsentRequired otherwise. The person's own confirmation click is ``activate``,
        which checks the link's age.
        """
        if new_status not in STATUSES:
            raise ValueError(f"unknown status {new_status!r}; one of {', '.join(STATUSES)}")
        email = normalize_email(email)
        now = utc_now()
        evidence = dict(evidence or {})
        with self.connect() as connection, transaction(connection):
            row = connection.execute("SELECT status FROM subscribers WHERE email = ?", (email,)).fetchone()
            before = row[0] if row else None
            if before == new_status:
                return None
            if new_status in OPT_IN:
                hashed = suppression.address_hash(connection, email)
                forgotten = before is None and suppression.forgotten_since(connection, hashed) is not None
                if before in SUPPRESSED or forgotten:
                    if not force_reason:
                        raise ConsentRequired(
                            f"{email} is {before or 'forgotten'}; only its own confirmation click can subscribe "
                            "it again (or force it, with a reason)")
                    evidence.update(forced=True, reason=force_reason)
                    suppression.remove(connection, hashed)
            if before is None:
                if new_status not in OPT_IN:
                    return None
                return add(connection, email, "", new_status, how, how, evidence, now)
            return change(connection, email, before, new_status, how, evidence, now)

    def set_name(self, email: str, name: str) -> bool:
        """A name changed by the operator, cleaned by the one rule; False for an unknown address."""
        with self.connect() as connection, transaction(connection):
            return connection.execute("UPDATE subscribers SET name = ?, changed_at = ? WHERE email = ?",
                                      (clean_name(name), utc_now(), normalize_email(email))).rowcount > 0

    def _set_status(self, email: str, status: str, how: str, evidence: dict | None) -> bool:
        email = email.strip().lower()
        with self.connect() as connection, transaction(connection):
            row = connection.execute("SELECT status FROM subscribers WHERE email = ?", (email,)).fetchone()
            if row is None:
                return False
            if row[0] != status:
                change(connection, email, row[0], status, how, evidence, utc_now())
            return True

    # Privacy -----------------------------------------------------------------

    def forget(self, email: str) -> dict[str, int]:
        """Erase the address's row, history and ledger rows; keep only its keyed hash.

        Returns how many rows went from each table. Forgetting an unknown address
        still puts it on the suppression list: nobody can then add it silently.
        """
        email = normalize_email(email)
        erased = {}
        with self.connect() as connection, transaction(connection):
            erased["subscriber_events"] = history.erase(connection, email)
            erased["subscribers"] = connection.execute("DELETE FROM subscribers WHERE email = ?", (email,)).rowcount
            present = _tables(connection)
            for table, column in OTHER_TABLES_WITH_ADDRESSES:
                if table in present:
                    erased[table] = connection.execute(f"DELETE FROM {table} WHERE {column} = ?", (email,)).rowcount
            suppression.add_forgotten(connection, suppression.address_hash(connection, email), utc_now())
        return erased

    # Import ------------------------------------------------------------------

    def import_rows(self, rows: Iterable[ImportRow], status: str = "active", source: str = "import",
                    report: ImportReport | None = None, **options) -> ImportReport:
        """Add people who opted in elsewhere (see importing.py); never revives an opted-out address."""
        return import_rows(self, rows, status, source, report, **options)
