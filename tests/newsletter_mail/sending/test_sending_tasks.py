"""The invoke tasks, run as a user runs them: separate processes, a real SMTP server, and the real
subscription service behind HTTPS answering the sender's health check."""

import os
import pty
import re
import signal
import subprocess
import sys
import time

import pytest
from https_service import https_service
from sending_fixture import live_site
from smtp_sink import SmtpSink
from support import ROOT, write

from service_voices.newsletter_mail.sending.send_lock import SendLease
from service_voices.newsletter_mail.subscribers.store import ImportRow, SubscriberStore

pytestmark = pytest.mark.slow

SECRET = "tasks-test-secret"


@pytest.fixture(scope="module")
def service(tmp_path_factory):
    with https_service(tmp_path_factory.mktemp("service")) as running:
        yield running


@pytest.fixture
def site(tmp_path, service):
    """A private database, live settings and a built issue for one test."""
    live = live_site(tmp_path, service.url)
    return {"db": live.db, "settings": live.settings, "mail": live.mail, "tmp": tmp_path, "service": service}


def invoke_args(site, task, *args, send=False):
    return [sys.executable, "-m", "invoke", task, *args, "--db", str(site["db"]), "--settings", str(site["settings"])]


def run(site, task, *args, env=None, send=False):
    environ = {**os.environ, "NEWSLETTER_SECRET": SECRET, **site["service"].env, **(env or {})}
    return subprocess.run(invoke_args(site, task, *args, send=send), cwd=ROOT, env=environ, capture_output=True,
                          text=True, timeout=120, stdin=subprocess.DEVNULL)


def add_people(site, count, prefix="reader"):
    store = SubscriberStore(site["db"])
    store.import_rows([ImportRow(n, f"{prefix}{n:03d}@example.com", f"Reader {n}") for n in range(count)])
    return store


def test_import_export_and_counts(site):
    messy = write(site["tmp"] / "people.csv", """
        email,name,notes
        ana@example.com,Ana López,met at the conference
        bo@example,Bo,
        ANA@example.com,Ana again,

        cy@example.org,,
        """)
    done = run(site, "import-subscribers", str(messy))
    assert done.returncode == 0, done.stderr
    assert "line 3: 'bo@example' has an invalid domain, skipped" in done.stdout
    assert "line 4: ana@example.com repeats line 2, skipped" in done.stdout
    assert "line 5: blank row, skipped" in done.stdout
    assert done.stdout.strip().endswith("added 2, updated 0, unchanged 0, skipped 3.")

    pending = write(site["tmp"] / "more.csv", "dee@example.com,Dee\n")
    assert run(site, "import-subscribers", str(pending), "--pending").returncode == 0
    counts = run(site, "subscribers").stdout
    assert "active        2" in counts and "pending       1" in counts and "total         3" in counts

    exported = site["tmp"] / "export.csv"
    done = run(site, "export-subscribers", str(exported))
    assert done.returncode == 0 and "Wrote 3 subscriber(s)" in done.stdout
    assert "ana@example.com,Ana López,active,import:people.csv," in exported.read_text(encoding="utf-8")


def test_missing_issue_names_the_built_ones_and_a_stale_build_names_the_command(site):
    done = run(site, "send", "1999-01", "--yes", send=True)
    assert done.returncode != 0
    assert "there is no issue '1999-01'" in done.stderr and "Built issues: 2026-11" in done.stderr
    assert "Traceback" not in done.stderr
    # Content edited after the build: the files are stale, and --no-build refuses naming the fix.
    time.sleep(0.01)
    (site["tmp"] / "content" / "newsletter" / "2026-11.md").write_text("Title: Changed\nDate: 2026-11-22\n\nNew.\n")
    stale = run(site, "send", "2026-11", "--yes", "--no-build", send=True)
    assert stale.returncode != 0 and "Traceback" not in stale.stderr
    assert "the content or theme changed after the mail files" in stale.stderr
    assert f"run `invoke build --settings {site['settings']}` first" in stale.stderr


def test_dry_run_writes_messages_and_sends_nothing(site):
    add_people(site, 3)
    out = site["tmp"] / "dry"
    with SmtpSink() as sink:
        done = run(site, "send", "2026-11", "--dry-run", str(out), env=sink.env(), send=True)
        assert sink.count() == 0
    assert done.returncode == 0, done.stderr
    files = sorted(out.glob("*.eml"))
    assert [f.name for f in files] == [f"0000{n + 1}-reader00{n}@example.com.eml" for n in range(3)]
    assert b"Hi Reader 1," in files[1].read_bytes()
    assert "nothing was sent" in done.stdout


def test_refuses_without_confirmation_or_configuration(site):
    add_people(site, 2)
    with SmtpSink() as sink:
        done = run(site, "send", "2026-11", env=sink.env(), send=True)
        assert done.returncode != 0 and "add --yes" in done.stderr
        no_secret = run(site, "send", "2026-11", "--yes", env={**sink.env(), "NEWSLETTER_SECRET": ""}, send=True)
        assert no_secret.returncode != 0 and "NEWSLETTER_SECRET is not set" in no_secret.stderr
        no_host = run(site, "send", "2026-11", "--yes", env={"SMTP_HOST": ""}, send=True)
        assert no_host.returncode != 0 and "SMTP_HOST is not set" in no_host.stderr
        bad_tls = run(site, "send", "2026-11", "--yes", env={**sink.env(), "SMTP_TLS": "maybe"}, send=True)
        assert bad_tls.returncode != 0 and "SMTP_TLS is 'maybe'" in bad_tls.stderr
        assert sink.count() == 0


def test_test_send_goes_to_one_address_only(site):
    add_people(site, 3)
    with SmtpSink() as sink:
        done = run(site, "send", "2026-11", "--to", "editor@example.com", env=sink.env(), send=True)
        assert done.returncode == 0, done.stderr
        assert sink.recipient_counts() == {"editor@example.com": 1}
        assert "Hi there," in sink.messages_for("editor@example.com")[0].get_body(("plain",)).get_content()
        full = run(site, "send", "2026-11", "--yes", env=sink.env(), send=True)
        assert full.returncode == 0, full.stderr
        assert "delivered 3, deferred 0, failed 0, skipped 0" in full.stdout
        again = run(site, "send", "2026-11", "--yes", env=sink.env(), send=True)
        assert "already sent to all 3" in again.stdout
        assert sink.count() == 4


def test_killed_send_resumes_without_duplicates(site):
    people = 60
    add_people(site, people)
    environ = {**os.environ, "NEWSLETTER_SECRET": SECRET, **site["service"].env}
    with SmtpSink() as sink:
        environ.update(sink.env())
        # One connection: then "at worst the one message in flight arrives twice".
        first = subprocess.Popen(invoke_args(site, "send", "2026-11", "--yes", "--rate", "40", "--connections", "1",
                                             send=True),
                                 cwd=ROOT, env=environ, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                 stdin=subprocess.DEVNULL, start_new_session=True)
        try:
            assert sink.wait_for(15, timeout=60), "the first send never got going"
        finally:
            os.killpg(first.pid, signal.SIGKILL)
            first.wait(timeout=30)
        assert first.returncode == -signal.SIGKILL
        received_before_kill = sink.count()
        assert received_before_kill < people
        time.sleep(0.2)
        second = subprocess.run(invoke_args(site, "send", "2026-11", "--yes", send=True), cwd=ROOT, env=environ,
                                capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
        assert second.returncode == 0, second.stderr
        counts = sink.recipient_counts()
    assert set(counts) == {f"reader{n:03d}@example.com" for n in range(people)}
    duplicates = sum(counts.values()) - people
    assert duplicates <= 1
    assert "had it from an earlier run" in second.stdout


def test_only_one_send_at_a_time_however_the_database_path_is_spelled(site):
    add_people(site, 1)
    # The lease is held through another spelling of the same file.
    other_spelling = site["tmp"] / "elsewhere"
    other_spelling.symlink_to(site["tmp"], target_is_directory=True)
    with SmtpSink() as sink, SendLease(other_spelling / site["db"].name, "another-issue"):
        done = run(site, "send", "2026-11", "--yes", env=sink.env(), send=True)
        assert sink.count() == 0
    assert done.returncode != 0 and "Another `invoke send` is running" in done.stderr
    assert "another-issue" in done.stderr and "Traceback" not in done.stderr
    # Released, the same command goes through.
    with SmtpSink() as sink:
        again = run(site, "send", "2026-11", "--yes", env=sink.env(), send=True)
        assert again.returncode == 0, again.stderr
        assert sink.count() == 1


def test_check_prints_the_report_and_a_send_refuses_on_any_error(site, tmp_path):
    add_people(site, 2)
    with SmtpSink() as sink:
        ready = run(site, "send", "2026-11", "--check", env=sink.env())
        assert ready.returncode == 0, ready.stdout + ready.stderr
        assert "ok      links:" in ready.stdout and "ok      service:" in ready.stdout
        assert "2026-11: ready to send" in ready.stdout
        # The same issue judged against another live address: its links are not under it.
        moved = live_site(tmp_path / "moved", site["service"].url, SITEURL="https://new.voices.example.org")
        moved_site = {**site, "settings": moved.settings}
        report = run(moved_site, "send", "2026-11", "--check", env=sink.env())
        assert report.returncode == 1
        assert "ERROR   links:" in report.stdout and "not under https://new.voices.example.org" in report.stdout
        refused = run(moved_site, "send", "2026-11", "--yes", env=sink.env())
        assert refused.returncode == 1 and "Refusing to send '2026-11'" in refused.stderr
        assert "Traceback" not in refused.stderr
        assert sink.count() == 0


def test_an_unreachable_service_stops_a_send_but_not_a_test_send_or_a_dry_run(site, tmp_path):
    add_people(site, 2)
    from signup_support import free_port

    gone = live_site(tmp_path / "gone", f"https://localhost:{free_port()}")
    gone_site = {**site, "settings": gone.settings}
    with SmtpSink() as sink:
        refused = run(gone_site, "send", "2026-11", "--yes", env=sink.env())
        assert refused.returncode == 1 and "/healthz did not answer" in refused.stderr
        assert sink.count() == 0
        test_send = run(gone_site, "send", "2026-11", "--to", "editor@example.com", env=sink.env())
        assert test_send.returncode == 0, test_send.stderr
        dry = run(gone_site, "send", "2026-11", "--dry-run", str(tmp_path / "dry"), env=sink.env())
        assert dry.returncode == 0, dry.stderr
        assert sink.recipient_counts() == {"editor@example.com": 1}
    assert len(list((tmp_path / "dry").glob("*.eml"))) == 2


def test_a_loopback_trial_needs_the_flag_and_says_so_loudly(site, tmp_path):
    add_people(site, 1)
    local = live_site(tmp_path / "local", site["service"].url, SITEURL="http://127.0.0.1:8000")
    for eml in local.mail.glob("*/message.eml"):  # built for the preview address, as `invoke build` does
        eml.write_bytes(eml.read_bytes().replace(b"https://voices.example.org", b"http://127.0.0.1:8000"))
    local_site = {**site, "settings": local.settings}
    with SmtpSink() as sink:
        refused = run(local_site, "send", "2026-11", "--yes", env=sink.env())
        assert refused.returncode == 1 and "is not https" in refused.stderr
        trial = run(local_site, "send", "2026-11", "--yes", "--allow-insecure-links", env=sink.env())
        assert trial.returncode == 0, trial.stderr
        assert "!! --allow-insecure-links" in trial.stderr
        assert sink.count() == 1


def test_the_progress_on_a_terminal_shows_the_rate(site):
    add_people(site, 40)
    leader, follower = pty.openpty()
    with SmtpSink() as sink:
        sink.slow(0.01)
        environ = {**os.environ, "NEWSLETTER_SECRET": SECRET, **site["service"].env, **sink.env(),
                   "COLUMNS": "160", "TERM": "xterm"}
        process = subprocess.Popen(invoke_args(site, "send", "2026-11", "--yes"), cwd=ROOT, env=environ,
                                   stdin=follower, stdout=follower, stderr=follower, start_new_session=True)
        os.close(follower)
        shown = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal closed with the process
                break
            if not chunk:
                break
            shown += chunk
        process.wait(timeout=120)
        os.close(leader)
    text = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", shown.decode("utf-8", "replace"))
    assert process.returncode == 0, text
    assert re.search(r"Sending 2026-11.*40/40.*\d+ messages/s, 0 failed", text), text
    assert re.search(r"delivered 40, .* \(\d+ messages/s over 8 connections\)", text), text
