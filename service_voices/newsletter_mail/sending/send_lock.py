"""One send per subscriber database at a time, held by the database itself.

A lock file named after the database's path is defeated by another spelling of the
same file (a symlink, a relative path): two sends then run at once and people get
the issue twice. The lease here is a row in the database, taken inside BEGIN
IMMEDIATE, so every spelling meets the same row. It names its holder (host, process
id and the process's start time) and is renewed while the send runs. A lease whose
holder is gone (a killed process on this host) or that has not been renewed for
``LEASE_SECONDS`` (a holder on another host that died) is taken over.
"""

from __future__ import annotations

import os
import socket
import time
from pathlib import Path

from service_voices.newsletter_mail.subscribers.store import open_connection, transaction, utc_now

from .busy import patiently

LEASE_SECONDS = 120
RENEW_EVERY = 10

LEASE_TABLE = """
CREATE TABLE IF NOT EXISTS send_lease (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    holder TEXT NOT NULL,
    issue TEXT NOT NULL,
    taken_at TEXT NOT NULL,
    renewed_at REAL NOT NULL
)"""


class SendBusy(Exception):
    """Another send holds the lease; the message says which and since when."""


class LeaseLost(Exception):
    """Our lease was taken over (we were thought dead): this send must stop."""


def _started(pid: int) -> str:
    """When process ``pid`` started (Linux clock ticks since boot), "" where unknown or gone."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[19]
    except (OSError, IndexError):
        return ""


def _holder_alive(holder: str) -> bool | None:
    """Whether a holder on this host still runs; None when it is on another host."""
    host, _, rest = holder.rpartition("|")
    if host != socket.gethostname():
        return None
    pid_text, _, started = rest.partition(":")
    try:
        pid = int(pid_text)
    except ValueError:
        return False
    if started and Path("/proc").is_dir():
        # A recycled pid belongs to a process that started at another moment.
        return _started(pid) == started
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class SendLease:
    def __init__(self, path: str | Path, issue: str):
        self.path = Path(path)
        self.issue = issue
        self.holder = f"{socket.gethostname()}|{os.getpid()}:{_started(os.getpid())}"
        self.last_renewal = 0.0

    def _run(self, work):
        def attempt():
            connection = open_connection(self.path)
            try:
                connection.execute(LEASE_TABLE)
                return work(connection)
            finally:
                connection.close()
        return patiently(attempt, self.path)

    def acquire(self) -> None:
        def take(db):
            with transaction(db):
                row = db.execute("SELECT holder, issue, taken_at, renewed_at FROM send_lease WHERE id = 1").fetchone()
                if row is not None and row["holder"] != self.holder:
                    alive = _holder_alive(row["holder"])
                    fresh = time.time() - row["renewed_at"] < LEASE_SECONDS
                    if alive or (alive is None and fresh):
                        pid = row["holder"].rpartition("|")[2].partition(":")[0]
                        host = row["holder"].rpartition("|")[0]
                        raise SendBusy(f"Another `invoke send` is running on this subscriber database ({row['issue']}, "
                                       f"process {pid} on {host}, since {row['taken_at']}); wait for it to finish.")
                db.execute("INSERT OR REPLACE INTO send_lease (id, holder, issue, taken_at, renewed_at) "
                           "VALUES (1, ?, ?, ?, ?)", (self.holder, self.issue, utc_now(), time.time()))
        self._run(take)
        self.last_renewal = time.monotonic()

    def renew(self) -> None:
        """Called often while sending; LeaseLost when another send took the lease over meanwhile."""
        if time.monotonic() - self.last_renewal < RENEW_EVERY:
            return
        renewed = self._run(lambda db: db.execute("UPDATE send_lease SET renewed_at = ? WHERE id = 1 AND holder = ?",
                                                  (time.time(), self.holder)).rowcount)
        if not renewed:
            raise LeaseLost("another `invoke send` took over this database's send lease; this one stops "
                            "(run the same command again once that one has finished)")
        self.last_renewal = time.monotonic()

    def release(self) -> None:
        self._run(lambda db: db.execute("DELETE FROM send_lease WHERE id = 1 AND holder = ?", (self.holder,)))

    def __enter__(self) -> SendLease:
        self.acquire()
        return self

    def __exit__(self, *exc) -> None:
        self.release()
