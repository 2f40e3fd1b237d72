"""Privacy requests with the real commands: what is held about one address, forgetting it,
and a database that a build could never publish."""

from __future__ import annotations

import sqlite3

import pytest
from subscriber_tasks import invoke, statuses
from support import ROOT, write

from service_voices.newsletter_mail.sending.ledger import SendLedger
from service_voices.newsletter_mail.settings import DatabasePlacementError, database_path
from service_voices.newsletter_mail.subscribers.store import ImportRow, SubscriberStore

pytestmark = pytest.mark.slow


@pytest.fixture
def listed(tmp_path):
    """A list where ana@example.org signed up, confirmed, and was sent one issue."""
    db = tmp_path / "newsletter.db"
    store = SubscriberStore(db)
    store.request_subscription("ana@example.org", "Ana Lima", "signup form", {"origin": "https://v.example"})
    store.activate("ana@example.org", evidence={"ip": "192.0.2.44"})
    store.import_rows([ImportRow(1, "bo@example.org", "Bo")])
    ledger = SendLedger(db)
    ledger.start("2026-11", "November")
    ledger.delivered("2026-11", "ana@example.org", 1, "250 OK")
    ledger.close()
    return db


def test_subscriber_shows_everything_held_about_one_address(listed):
    done = invoke("subscriber", "ANA@example.org", db=listed)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert out.startswith("ana@example.org\n")
    for expected in ("name        Ana Lima", "status      active", "source      signup form",
                     "History (2 event(s), oldest first):", "new -> pending", "form  (origin=https://v.example)",
                     "pending -> active", "confirm-click", "ip=192.0.2.44", "deliveries (1 row(s)):",
                     "2026-11  delivered"):
        assert expected in out, expected
    assert "bo@example.org" not in out


def test_forget_erases_name_history_and_send_records_and_blocks_silent_return(listed, tmp_path):
    refused = invoke("forget", "ana@example.org", db=listed)
    assert refused.returncode == 2 and "add --yes" in refused.stderr
    assert "ana@example.org" in statuses(listed), "nothing erased without a yes"

    done = invoke("forget", "ana@example.org", "--yes", db=listed)
    assert done.returncode == 0, done.stderr
    assert "erased 2 from subscriber_events, 1 from subscribers, 1 from deliveries" in done.stdout
    with sqlite3.connect(listed) as db:
        for table in ("subscribers", "subscriber_events", "deliveries"):
            assert db.execute(f"SELECT COUNT(*) FROM {table} WHERE email = 'ana@example.org'").fetchone()[0] == 0
        everything = "\n".join(str(row) for table in ("subscribers", "subscriber_events", "deliveries",
                                                       "suppressions")
                               for row in db.execute(f"SELECT * FROM {table}"))
    assert "ana" not in everything.lower() and "Lima" not in everything, "only a keyed hash is left"
    assert "forgotten (kept only as keyed hashes): 1" in invoke("subscribers", db=listed).stdout
    shown = invoke("subscriber", "ana@example.org", db=listed).stdout
    assert "not on the list" in shown and "forgotten at their request" in shown

    # Then re-imported, from an old file: refused, until forced with a reason.
    old_list = write(tmp_path / "old-list.csv", "email,name\nana@example.org,Ana Lima\n")
    again = invoke("import-subscribers", str(old_list), db=listed)
    assert "line 2: ana@example.org was forgotten at their request; only their own confirmation can add them " \
           "again, skipped" in again.stdout
    assert "ana@example.org" not in statuses(listed)
    no_reason = invoke("import-subscribers", str(old_list), "--force", db=listed)
    assert no_reason.returncode == 2 and "--force needs --reason" in no_reason.stderr
    forced = invoke("import-subscribers", str(old_list), "--force", "--reason", "she wrote to ask back in",
                    db=listed)
    assert forced.returncode == 0 and statuses(listed)["ana@example.org"] == "active"
    [event] = SubscriberStore(listed).history("ana@example.org")
    assert event.evidence == {"forced": True, "reason": "she wrote to ask back in"}
    assert "forgotten (kept only as keyed hashes): 0" in invoke("subscribers", db=listed).stdout


def test_admin_status_changes_respect_consent(listed):
    SubscriberStore(listed).unsubscribe("bo@example.org", "one-click")
    refused = invoke("subscriber", "bo@example.org", "--status", "active", db=listed)
    assert refused.returncode == 1
    assert "bo@example.org is unsubscribed; only its own confirmation click can subscribe it again" in refused.stderr
    forced = invoke("subscriber", "bo@example.org", "--status", "active", "--force", "--reason", "asked in person",
                    db=listed)
    assert forced.returncode == 0 and "unsubscribed -> active" in forced.stdout and "asked in person" in forced.stdout


def settings_file(tmp_path):
    site = tmp_path / "site"
    (site / "content" / "extra").mkdir(parents=True)
    (site / "theme" / "static").mkdir(parents=True)
    return write(site / "settings.py", """
        SITEURL = "https://voices.example"
        TIMEZONE = "UTC"
        PATH = "content"
        OUTPUT_PATH = "public"
        THEME = "theme"
        STATIC_PATHS = ["images", "extra", "../downloads"]
        """)


def test_the_database_is_never_where_a_build_publishes_it_even_through_a_symlink(tmp_path):
    settings = settings_file(tmp_path)
    site = settings.parent
    (tmp_path / "innocent-looking").symlink_to(site / "content" / "extra")
    done = invoke("subscribers", db=tmp_path / "innocent-looking" / "subs.db", settings=settings)
    assert done.returncode == 2
    assert done.stderr.strip() == (f"--db points into {site / 'content'} (PATH), which a build publishes, reads or "
                                   f"replaces; keep {tmp_path / 'innocent-looking' / 'subs.db'} outside the site's "
                                   "folders.")
    assert not (site / "content" / "extra" / "subs.db").exists(), "refused before the file is made"
    export = invoke("export-subscribers", str(site / "public" / "list.csv"), db=tmp_path / "ok.db", settings=settings)
    assert export.returncode == 2 and "The export file points into" in export.stderr


@pytest.mark.parametrize("spelling, folder", [
    ("public/newsletter.db", "OUTPUT_PATH"),
    ("content/../content/extra/newsletter.db", "PATH"),
    ("theme/static/newsletter.db", "THEME"),
    ("downloads/newsletter.db", "STATIC_PATHS"),
    ("public", "OUTPUT_PATH"),
])
def test_every_spelling_of_a_published_folder_is_refused(tmp_path, spelling, folder):
    from service_voices.settings import load_settings

    path = settings_file(tmp_path)
    with pytest.raises(DatabasePlacementError, match=rf"\({folder}\)"):
        database_path(load_settings(path), str(path.parent / spelling))


def test_the_project_default_stays_allowed(tmp_path):
    from service_voices.settings import load_settings

    assert database_path(load_settings("pelicanconf.py")) == ROOT / "newsletter.db"
    assert database_path(load_settings(settings_file(tmp_path)), str(tmp_path / "private" / "subs.db"))
