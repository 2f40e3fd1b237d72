"""`invoke send` as separate processes: killed at random moments, started twice at once, and run while
a large import holds the database. What is counted is what a real SMTP server received."""

import csv
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing

import pytest
from https_service import https_service
from sending_fixture import live_site
from smtp_sink import SmtpSink
from support import ROOT

from service_voices.newsletter_mail.subscribers.store import ImportRow, SubscriberStore

pytestmark = pytest.mark.slow

SECRET = "crash-test-secret"
KILLS = 20
CONNECTIONS = 4


@pytest.fixture(scope="module")
def service(tmp_path_factory):
    with https_service(tmp_path_factory.mktemp("service")) as running:
        yield running


def send_command(site, *extra):
    return [sys.executable, "-m", "invoke", "send", "2026-11", "--yes", "--db", str(site.db),
            "--settings", str(site.settings), *extra]


def environment(service, sink):
    return {**os.environ, "NEWSLETTER_SECRET": SECRET, **service.env, **sink.env()}


def add_people(db, count):
    SubscriberStore(db).import_rows(ImportRow(n, f"reader{n:04d}@example.com", f"Reader {n}") for n in range(count))
    return {f"reader{n:04d}@example.com" for n in range(count)}


def recorded_deliveries(db) -> set[str]:
    with closing(sqlite3.connect(db)) as connection:
        return {row[0] for row in connection.execute("SELECT email FROM deliveries WHERE state = 'delivered'")}


def test_killed_at_20_random_moments_over_several_connections_nobody_is_lost(tmp_path, service):
    seed = int(os.environ.get("KILL_TEST_SEED", random.SystemRandom().randrange(10**6)))
    moments = random.Random(seed)
    site = live_site(tmp_path, service.url, NEWSLETTER_SMTP_CONNECTIONS=CONNECTIONS)
    everyone = add_people(site.db, 600)
    kills, in_flight_per_kill = 0, []
    with SmtpSink() as sink:
        sink.slow(0.05)  # a relay some way off: every connection has a message in flight most of the time
        environ = environment(service, sink)
        while kills < KILLS:
            before = sink.count()
            process = subprocess.Popen(send_command(site), cwd=ROOT, env=environ, stdin=subprocess.DEVNULL,
                                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
            deadline = time.monotonic() + 120
            while sink.count() == before and process.poll() is None and time.monotonic() < deadline:
                time.sleep(0.005)
            if process.poll() is not None:
                break  # it finished before a kill could land: nobody left to send to
            time.sleep(moments.uniform(0, 0.3))
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=30)
            process.stderr.close()
            kills += 1
            # Arrived at the server in this run but not recorded: each is one extra copy on the next run.
            in_flight_per_kill.append(len(_arrived_since(sink, before) - recorded_deliveries(site.db)))
        final = subprocess.run(send_command(site), cwd=ROOT, env=environ, stdin=subprocess.DEVNULL,
                               capture_output=True, text=True, timeout=300)
        counts = sink.recipient_counts()
    assert final.returncode == 0, final.stdout + final.stderr
    lost = everyone - set(counts)
    extra = sum(counts.values()) - len(counts)
    print(f"\nkill test (seed {seed}): {kills} kills, {len(everyone)} recipients, {CONNECTIONS} connections, "
          f"lost {len(lost)}, extra copies {extra} (in flight at each kill: {in_flight_per_kill}, "
          f"sum {sum(in_flight_per_kill)})")
    assert kills == KILLS, "the send finished before 20 kills; give it more recipients"
    assert not lost
    assert recorded_deliveries(site.db) == everyone
    # At most one extra copy per crash to each recipient whose message was in flight,
    # and never more in flight than there are connections.
    assert max(in_flight_per_kill) <= CONNECTIONS
    assert extra <= KILLS * CONNECTIONS
    assert "Traceback" not in final.stderr


def _arrived_since(sink, count) -> set[str]:
    """Recipients of the messages after the first ``count``, once the server has taken in what was on the wire."""
    settled_at, seen = time.monotonic(), sink.count()
    while time.monotonic() - settled_at < 0.2:
        time.sleep(0.02)
        if sink.count() != seen:
            settled_at, seen = time.monotonic(), sink.count()
    with sink._lock:
        return {rcpt.lower() for item in sink.received[count:] for rcpt in item.recipients}


def test_two_sends_started_at_once_through_different_spellings_of_the_database(tmp_path, service):
    site = live_site(tmp_path, service.url)
    everyone = add_people(site.db, 60)
    (tmp_path / "same-folder").symlink_to(tmp_path, target_is_directory=True)
    other_spelling = send_command(site)
    other_spelling[other_spelling.index("--db") + 1] = str(tmp_path / "same-folder" / "." / site.db.name)
    with SmtpSink() as sink:
        sink.slow(0.05)  # about three seconds of sending: the two certainly overlap
        environ = environment(service, sink)
        sends = [subprocess.Popen(command, cwd=ROOT, env=environ, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True)
                 for command in (send_command(site, "--connections", "1"), [*other_spelling, "--connections", "1"])]
        outputs = [send.communicate(timeout=300) for send in sends]
        counts = sink.recipient_counts()
    results = [(send.returncode, *output) for send, output in zip(sends, outputs)]
    refused = [result for result in results if result[0] != 0]
    assert len(refused) == 1, results
    assert "Another `invoke send` is running on this subscriber database" in refused[0][2]
    assert "Traceback" not in refused[0][2]
    assert counts == dict.fromkeys(everyone, 1)


def test_a_send_while_an_import_of_100000_rows_runs(tmp_path, service):
    site = live_site(tmp_path, service.url)
    everyone = add_people(site.db, 50)
    people = tmp_path / "people.csv"
    with people.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["email", "name"])
        writer.writerows([f"joining{n:06d}@example.net", f"Joining {n}"] for n in range(100_000))
    with SmtpSink() as sink:
        environ = environment(service, sink)
        # Pending: the imported people have not confirmed, so this issue is not theirs.
        importing = subprocess.Popen([sys.executable, "-m", "invoke", "import-subscribers", str(people), "--pending",
                                      "--db", str(site.db), "--settings", str(site.settings)],
                                     cwd=ROOT, env=environ, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        assert _writing(site.db, importing), "the import never started writing"
        sending = subprocess.run(send_command(site), cwd=ROOT, env=environ, capture_output=True, text=True,
                                 timeout=300, stdin=subprocess.DEVNULL)
        imported_out, imported_err = importing.communicate(timeout=300)
        counts = sink.recipient_counts()
    assert importing.returncode == 0, imported_err
    assert "added 100000" in imported_out
    assert sending.returncode == 0, sending.stdout + sending.stderr
    assert "Traceback" not in sending.stderr + imported_err
    assert counts == dict.fromkeys(everyone, 1)
    assert SubscriberStore(site.db).counts()["pending"] == 100_000


def _writing(db, process, timeout=60) -> bool:
    """True once another process holds the database's write lock."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        with closing(sqlite3.connect(db, timeout=0, isolation_level=None)) as probe:
            try:
                probe.execute("BEGIN IMMEDIATE")
                probe.execute("ROLLBACK")
            except sqlite3.OperationalError:
                return True
        time.sleep(0.01)
    return False
