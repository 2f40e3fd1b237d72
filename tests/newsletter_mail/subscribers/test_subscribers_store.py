import sqlite3
import threading
import time

import pytest

from service_voices.names import NAME_MAX_LENGTH
from service_voices.newsletter_mail.subscribers.store import (
    STATUSES,
    ImportReport,
    ImportRow,
    InvalidAddress,
    SubscriberStore,
    normalize_email,
)


@pytest.fixture
def store(tmp_path):
    return SubscriberStore(tmp_path / "subscribers.db")


@pytest.mark.parametrize("text, expected", [
    ("  Ana.Lopez@Example.COM ", "ana.lopez@example.com"),
    ("o'brien+news@mail.example.org", "o'brien+news@mail.example.org"),
])
def test_normalize_email_accepts_plain_addresses(text, expected):
    assert normalize_email(text) == expected


@pytest.mark.parametrize("text, reason", [
    ("", "empty"),
    ("ana@example.com\r\nBcc: x@example.com", "line break"),
    ("Ana <ana@example.com>", "bare address"),
    ("ana@example.com, bo@example.com", "bare address"),
    ("ana@@example.com", "exactly one @"),
    ("ana.example.com", "exactly one @"),
    ("ana@localhost", "invalid domain"),
    ("ana@example..com", "invalid domain"),
    (".ana@example.com", "before the @"),
    ("a" * 250 + "@example.com", "longer than 254"),
    ("zoë@example.com", "non-ASCII"),
])
def test_normalize_email_gives_a_reason(text, reason):
    with pytest.raises(InvalidAddress, match=reason):
        normalize_email(text)


def test_database_uses_wal_and_the_agreed_table(store):
    connection = sqlite3.connect(store.path)
    assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    columns = [row[1] for row in connection.execute("PRAGMA table_info(subscribers)")]
    assert columns == ["email", "name", "status", "source", "created_at", "changed_at"]


def test_subscription_lifecycle(store):
    assert store.request_subscription("Ana@Example.com", "Ana", "form") == "new"
    subscriber = store.get("ana@example.com")
    assert (subscriber.email, subscriber.name, subscriber.status, subscriber.source) == \
        ("ana@example.com", "Ana", "pending", "form")
    assert subscriber.created_at.endswith("+00:00")
    assert store.request_subscription("ana@example.com", "Ana L.", "form") == "pending"
    assert store.get("ANA@example.com").name == "Ana L."
    assert store.activate("ana@example.com") is True
    assert store.request_subscription("ana@example.com", "Other", "form") == "active"
    assert store.get("ana@example.com").status == "active"
    assert store.unsubscribe("ana@example.com") is True
    assert store.unsubscribe("ana@example.com") is True
    assert store.get("ana@example.com").status == "unsubscribed"
    assert store.activate("ana@example.com") is False
    assert store.request_subscription("ana@example.com", "Someone Else", "form") == "unsubscribed"
    # Consent is sticky: a sign-up changes nothing until the person's own click.
    assert store.get("ana@example.com").status == "unsubscribed"
    assert store.get("ana@example.com").name == "Ana L."
    assert store.activate("ana@example.com", issued_at=int(time.time()) + 1) is True
    assert store.get("ana@example.com").status == "active"


def test_unknown_addresses(store):
    assert store.get("nobody@example.com") is None
    assert store.unsubscribe("nobody@example.com") is False
    assert store.activate("nobody@example.com") is False
    with pytest.raises(InvalidAddress):
        store.request_subscription("not an address", "", "form")


def test_bounced_address_can_opt_in_again(store):
    store.request_subscription("bo@example.com", "", "form")
    store.activate("bo@example.com")
    store.mark_bounced("bo@example.com")
    assert store.counts() == {"pending": 0, "active": 0, "unsubscribed": 0, "bounced": 1}
    assert store.request_subscription("bo@example.com", "", "form") == "bounced"


def test_counts_cover_every_status(store):
    assert set(store.counts()) == set(STATUSES)


def test_import_rules(store):
    store.request_subscription("gone@example.com", "", "form")
    store.unsubscribe("gone@example.com")
    store.request_subscription("waiting@example.com", "", "form")
    rows = [ImportRow(2, "new@example.com", "New"), ImportRow(3, "gone@example.com", "Gone"),
            ImportRow(4, "Waiting@example.com", "Waiting"), ImportRow(5, "NEW@example.com", "Again"),
            ImportRow(6, "broken@", "")]
    report = store.import_rows(rows)
    assert (report.added, report.updated, report.unchanged, report.skipped) == (1, 1, 0, 3)
    assert report.problems[0].startswith("line 3: gone@example.com is unsubscribed")
    assert report.problems[1] == "line 5: new@example.com repeats line 2"
    assert report.problems[2].startswith("line 6: 'broken@'")
    assert store.get("gone@example.com").status == "unsubscribed"
    assert store.get("waiting@example.com").status == "active"
    assert store.import_rows([ImportRow(2, "new@example.com", "New")]).unchanged == 1


def test_pending_import_never_demotes_active(store):
    store.import_rows([ImportRow(1, "ana@example.com", "Ana")])
    report = store.import_rows([ImportRow(1, "ana@example.com", ""), ImportRow(2, "bo@example.com", "")],
                               status="pending", report=ImportReport())
    assert (report.added, report.unchanged) == (1, 1)
    assert store.get("ana@example.com").status == "active"
    assert store.get("ana@example.com").name == "Ana"
    assert store.get("bo@example.com").status == "pending"


def test_concurrent_requests_from_threads_all_land(store):
    errors = []

    def sign_up(number):
        try:
            for step in range(20):
                address = f"reader{number}-{step}@example.com"
                store.request_subscription(address, "", "form")
                store.activate(address)
        except Exception as error:  # collected so the main thread can report it
            errors.append(error)

    threads = [threading.Thread(target=sign_up, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert store.counts()["active"] == 120


def test_names_are_kept_to_one_short_line(store):
    store.request_subscription("ana@example.com", "  Ana\r\n  López " + "x" * 300, "form")
    name = store.get("ana@example.com").name
    assert name.startswith("Ana López x") and len(name) == NAME_MAX_LENGTH and "\n" not in name
