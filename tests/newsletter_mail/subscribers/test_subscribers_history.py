"""Every status change is an event: what changed, when, how, and the evidence."""

from __future__ import annotations

import sqlite3
import time

import pytest

from service_voices.newsletter_mail.subscribers.store import ConsentRequired, ImportRow, SubscriberStore


@pytest.fixture
def store(tmp_path):
    return SubscriberStore(tmp_path / "newsletter.db")


def hows(store, email):
    return [(event.old_status, event.new_status, event.how) for event in store.history(email)]


def newest_event_names_every_status(store) -> bool:
    with sqlite3.connect(store.path) as db:
        return db.execute("""
            SELECT COUNT(*) FROM subscribers s WHERE s.status IS NOT (
                SELECT new_status FROM subscriber_events e WHERE e.email = s.email ORDER BY id DESC LIMIT 1)
            """).fetchone()[0] == 0


def test_each_way_in_and_out_leaves_its_event(store):
    store.request_subscription("ana@example.org", "Ana", "signup form", {"origin": "https://v.example", "ip": "192.0.2.1"})
    store.activate("ana@example.org", issued_at=int(time.time()), evidence={"ip": "192.0.2.9"})
    store.unsubscribe("ana@example.org", "one-click")
    assert hows(store, "ana@example.org") == [(None, "pending", "form"), ("pending", "active", "confirm-click"),
                                              ("active", "unsubscribed", "one-click")]
    signup, confirm, _ = store.history("ana@example.org")
    assert signup.evidence == {"origin": "https://v.example", "ip": "192.0.2.1"}
    # The confirmation carries the whole consent: when and where the sign-up came from too.
    assert confirm.evidence["signed_up_at"] == signup.at and confirm.evidence["origin"] == "https://v.example"
    assert confirm.evidence["ip"] == "192.0.2.9" and confirm.evidence["confirmed_at"] == confirm.at
    assert "link_issued_at" in confirm.evidence

    store.import_rows([ImportRow(7, "bo@example.org", "Bo", evidence={"tool": "mailchimp", "opt_in_ip": "1.2.3.4"})],
                      source="import:list.csv")
    store.mark_bounced("bo@example.org", 550)
    store.mark_bounced("bo@example.org", 550)  # twice is one change
    assert hows(store, "bo@example.org") == [(None, "active", "import:list.csv:7"),
                                             ("active", "bounced", "bounce:550")]
    assert store.history("bo@example.org")[0].evidence == {"tool": "mailchimp", "opt_in_ip": "1.2.3.4"}
    assert newest_event_names_every_status(store)


def test_complaints_and_bounces_are_recorded_with_their_evidence(store):
    store.import_rows([ImportRow(1, "cy@example.org", "Cy")])
    event = store.record_event("cy@example.org", "unsubscribed", "complaint",
                               {"feedback_type": "abuse", "reported_at": "2026-11-02T10:00:00+00:00"})
    assert (event.old_status, event.new_status, event.how) == ("active", "unsubscribed", "complaint")
    assert store.history("cy@example.org")[-1].evidence["feedback_type"] == "abuse"
    assert store.record_event("cy@example.org", "unsubscribed", "complaint") is None, "no change, no event"
    assert store.record_event("nobody@example.org", "bounced", "bounce:550") is None


def test_consent_is_sticky_for_admin_changes(store):
    store.import_rows([ImportRow(1, "di@example.org", "Di")])
    store.unsubscribe("di@example.org", "unsubscribe-page")
    with pytest.raises(ConsentRequired, match="di@example.org is unsubscribed"):
        store.record_event("di@example.org", "active", "admin")
    with pytest.raises(ConsentRequired):
        store.record_event("di@example.org", "pending", "admin")
    assert store.get("di@example.org").status == "unsubscribed"
    forced = store.record_event("di@example.org", "active", "admin", force_reason="asked by phone, ticket 4411")
    assert forced.evidence == {"forced": True, "reason": "asked by phone, ticket 4411"}
    assert store.get("di@example.org").status == "active"


def test_an_old_confirmation_link_cannot_undo_a_later_unsubscribe(store):
    store.request_subscription("eve@example.org", "Eve", "signup form")
    issued = int(time.time()) - 60
    assert store.activate("eve@example.org", issued_at=issued)
    store.unsubscribe("eve@example.org", "one-click")
    assert store.activate("eve@example.org", issued_at=issued) is False
    assert store.activate("eve@example.org") is False, "no link at all is no confirmation"
    assert store.get("eve@example.org").status == "unsubscribed"
    assert store.activate("eve@example.org", issued_at=int(time.time()) + 1) is True


def test_imports_never_revive_and_honour_opt_outs(store):
    store.import_rows([ImportRow(1, "fay@example.org", "Fay"), ImportRow(2, "gus@example.org", "Gus")])
    store.mark_bounced("fay@example.org", 550)
    report = store.import_rows([ImportRow(1, "fay@example.org", "Fay"),
                                ImportRow(2, "gus@example.org", "Gus", status="unsubscribed")])
    assert report.problems == ["line 1: fay@example.org is bounced and is not re-subscribed by an import"]
    assert store.get("gus@example.org").status == "unsubscribed", "an opt-out in the file is honoured"
    forced = store.import_rows([ImportRow(3, "fay@example.org", "Fay")], force_reason="new address owner confirmed")
    assert forced.updated == 1 and store.get("fay@example.org").status == "active"
    assert store.history("fay@example.org")[-1].evidence == {"forced": True, "reason": "new address owner confirmed"}


def test_changes_made_without_the_store_are_still_recorded(store):
    store.import_rows([ImportRow(1, "hal@example.org", "Hal"), ImportRow(2, "ida@example.org", "Ida")])
    with sqlite3.connect(store.path) as db:  # as code that writes its own SQL would
        db.execute("UPDATE subscribers SET status = 'bounced', changed_at = '2026-11-03T00:00:00+00:00' "
                   "WHERE email = 'hal@example.org'")
        db.execute("INSERT INTO subscribers VALUES ('jo@example.org', '', 'active', 'x', '2026-11-03T00:00:00+00:00', "
                   "'2026-11-03T00:00:00+00:00')")
    assert hows(store, "hal@example.org")[-1] == ("active", "bounced", "bounce:unknown")
    assert hows(store, "jo@example.org") == [(None, "active", "unrecorded")]
    assert newest_event_names_every_status(store)


def test_a_database_from_before_the_history_is_brought_up_to_date(tmp_path):
    path = tmp_path / "old.db"
    with sqlite3.connect(path) as db:
        db.executescript("""
            CREATE TABLE subscribers (email TEXT PRIMARY KEY COLLATE NOCASE, name TEXT NOT NULL DEFAULT '',
                status TEXT NOT NULL CHECK (status IN ('pending', 'active', 'unsubscribed', 'bounced')),
                source TEXT NOT NULL DEFAULT '', created_at TEXT NOT NULL, changed_at TEXT NOT NULL);
            INSERT INTO subscribers VALUES ('old@example.org', 'Old', 'unsubscribed', 'signup form',
                '2025-01-01T00:00:00+00:00', '2025-06-01T00:00:00+00:00');
            """)
    store = SubscriberStore(path)
    [event] = store.history("old@example.org")
    assert (event.new_status, event.how, event.at) == ("unsubscribed", "before-history", "2025-06-01T00:00:00+00:00")
    assert event.evidence == {"source": "signup form", "created_at": "2025-01-01T00:00:00+00:00"}
    assert store.import_rows([ImportRow(1, "old@example.org", "Old")]).skipped == 1
    SubscriberStore(path)  # opening again adds nothing
    assert len(store.history("old@example.org")) == 1
