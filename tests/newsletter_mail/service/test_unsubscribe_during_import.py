"""A long import shares the database with the service: it commits in short batches, so
a one-click unsubscribe waits a moment and succeeds; a database that stays locked is
reported in one line."""

from __future__ import annotations

import csv
import sqlite3
import subprocess
import sys
import threading
import time

import httpx
import pytest
from signup_support import SECRET, running_service, smtp_sink
from subscriber_tasks import invoke
from support import ROOT

from service_voices.newsletter_mail.subscribers.store import ImportRow, SubscriberStore
from service_voices.newsletter_mail.subscribers.tokens import unsubscribe_url

pytestmark = pytest.mark.slow

ROWS = 100_000


def big_list(path, rows: int):
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["email", "name"])
        writer.writerows([f"reader{number:06d}@example.com", f"Reader {number}"] for number in range(rows))
    return path


def subscriber_count(db) -> int:
    with sqlite3.connect(db, timeout=30) as connection:
        return connection.execute("SELECT COUNT(*) FROM subscribers").fetchone()[0]


class WriterWaits(threading.Thread):
    """Another writer, taking the write lock again and again; keeps its longest wait."""

    def __init__(self, db):
        super().__init__(daemon=True)
        self.db = db
        self.longest = 0.0
        self.writes = 0
        self.stop = threading.Event()

    def run(self):
        connection = sqlite3.connect(self.db, timeout=30, isolation_level=None)
        while not self.stop.is_set():
            started = time.monotonic()
            connection.execute("BEGIN IMMEDIATE")
            self.longest = max(self.longest, time.monotonic() - started)
            connection.execute("COMMIT")
            self.writes += 1
            time.sleep(0.05)
        connection.close()


def test_a_one_click_unsubscribe_during_a_long_import_waits_and_succeeds(tmp_path):
    people = big_list(tmp_path / "big.csv", ROWS)
    with smtp_sink() as sink, running_service(tmp_path / "service", sink.port) as service:
        store = SubscriberStore(service.db_path)
        store.import_rows([ImportRow(1, "leaving@example.org", "")])
        importer = subprocess.Popen(
            [sys.executable, "-m", "invoke", "import-subscribers", str(people), "--db", str(service.db_path)],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            deadline = time.monotonic() + 120
            while subscriber_count(service.db_path) < 2000 and time.monotonic() < deadline:
                time.sleep(0.05)
            assert importer.poll() is None, "the import should still be running"
            other_writer = WriterWaits(service.db_path)
            other_writer.start()
            started = time.monotonic()
            answer = httpx.post(unsubscribe_url(service.url, SECRET, "leaving@example.org"),
                                data={"List-Unsubscribe": "One-Click"}, timeout=60)
            waited = time.monotonic() - started
            during_import = importer.poll() is None
            out, err = importer.communicate(timeout=600)
            other_writer.stop.set()
            other_writer.join()
        finally:
            if importer.poll() is None:
                importer.kill()
        assert answer.status_code == 200 and "You are unsubscribed" in answer.text
        assert during_import, "the unsubscribe was answered while the import ran"
        assert store.get("leaving@example.org").status == "unsubscribed"
        assert store.history("leaving@example.org")[-1].how == "one-click"
        assert "Traceback" not in service.log() and "ERROR" not in service.log()
        assert importer.returncode == 0, err
        assert out.strip().endswith(f"added {ROWS}, updated 0, unchanged 0, skipped 0.")
        assert subscriber_count(service.db_path) == ROWS + 1
        # Batches hold the lock a fifth of a second; nobody waits anywhere near a second.
        assert other_writer.writes > 10
        assert other_writer.longest < 1.0, f"another writer waited {other_writer.longest:.2f} s"
        assert waited < 5.0, f"the one-click POST took {waited:.2f} s"


def test_a_database_that_stays_locked_is_one_line_and_nothing_is_lost(tmp_path):
    db = tmp_path / "newsletter.db"
    SubscriberStore(db).import_rows([ImportRow(1, "kept@example.org", "Kept")])
    people = big_list(tmp_path / "people.csv", 10)
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another program holding the write lock for good
    try:
        done = invoke("import-subscribers", str(people), db=db)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert done.returncode == 1
    [line] = done.stderr.strip().splitlines()
    assert line.startswith(f"{db}: the subscriber database stayed busy for 10 s")
    assert "run the same command again" in line
    assert subscriber_count(db) == 1
    again = invoke("import-subscribers", str(people), db=db)
    assert again.returncode == 0 and again.stdout.strip().endswith("added 10, updated 0, unchanged 0, skipped 0.")
