"""`invoke export-subscribers` then `invoke import-subscribers` into an empty database
restores every status exactly, and the export is safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import time

import pytest
from subscriber_tasks import invoke, names, statuses
from support import write

from service_voices.newsletter_mail.subscribers.store import ImportRow, SubscriberStore

pytestmark = pytest.mark.slow

FORMULAS = ['=HYPERLINK("https://evil.example","Click")', "@SUM(A1:A9)", "+1+1", "-2+3"]


def a_list_with_every_status(db) -> SubscriberStore:
    store = SubscriberStore(db)
    store.request_subscription("waiting@example.org", "Wen Waiting", "signup form", {"origin": "https://v.example"})
    store.request_subscription("joined@example.org", "Jo Joined", "signup form", {"origin": "https://v.example"})
    store.activate("joined@example.org", evidence={"ip": "198.51.100.5"})
    store.import_rows([ImportRow(2, "left@example.org", "Lee Left"), ImportRow(3, "bounced@example.org", "Bo"),
                       ImportRow(4, "back@example.org", "Bea Back")], source="import:old-list.csv")
    store.unsubscribe("left@example.org", "one-click")
    store.mark_bounced("bounced@example.org", 550)
    store.unsubscribe("back@example.org", "unsubscribe-page")
    assert store.activate("back@example.org", issued_at=int(time.time()) + 1)
    store.import_rows(ImportRow(line, f"formula{line}@example.org", name) for line, name in enumerate(FORMULAS, 2))
    return store


def test_export_then_import_into_an_empty_database_restores_every_status(tmp_path):
    original = tmp_path / "original.db"
    store = a_list_with_every_status(original)
    backup = tmp_path / "backup.csv"
    assert invoke("export-subscribers", str(backup), db=original).returncode == 0
    restored = tmp_path / "restored.db"
    done = invoke("import-subscribers", str(backup), db=restored)
    assert done.returncode == 0, done.stderr
    assert "read as a Service Voices export" in done.stdout
    assert statuses(restored) == statuses(original)
    assert set(statuses(original).values()) == {"pending", "active", "unsubscribed", "bounced"}
    assert names(restored) == names(original)
    again = {row.email: (row.source, row.created_at) for row in SubscriberStore(restored).all()}
    assert again == {row.email: (row.source, row.created_at) for row in store.all()}

    # The consent on record travels with the person.
    restore_event = SubscriberStore(restored).history("joined@example.org")[-1]
    assert restore_event.how == "import:backup.csv:8"  # rows in address order; the header is line 1
    assert restore_event.evidence["consent_how"] == "confirm-click"
    assert restore_event.evidence["consent_evidence"]["ip"] == "198.51.100.5"
    assert restore_event.evidence["consent_evidence"]["origin"] == "https://v.example"
    bounce = SubscriberStore(restored).history("bounced@example.org")[-1]
    assert bounce.evidence["status_how"] == "bounce:550"

    # A backup of the restored list is the same file, but for the restore's own times.
    second = tmp_path / "second.csv"
    invoke("export-subscribers", str(second), db=restored)
    first_rows = list(csv.DictReader(backup.open(encoding="utf-8")))
    second_rows = list(csv.DictReader(second.open(encoding="utf-8")))
    same = ("email", "name", "status", "source", "created_at", "format")
    assert [{key: row[key] for key in same} for row in second_rows] == \
        [{key: row[key] for key in same} for row in first_rows]


def test_the_export_neutralises_formula_cells(tmp_path):
    db = tmp_path / "newsletter.db"
    a_list_with_every_status(db)
    backup = tmp_path / "backup.csv"
    done = invoke("export-subscribers", str(backup), db=db)
    assert done.returncode == 0 and "Wrote 9 subscriber(s)" in done.stdout
    rows = {row["email"]: row for row in csv.DictReader(backup.open(encoding="utf-8"))}
    assert rows["formula2@example.org"]["name"] == "'" + FORMULAS[0]
    assert [rows[f"formula{line}@example.org"]["name"] for line in range(3, 6)] == ["'@SUM(A1:A9)", "'+1+1", "'-2+3"]
    for row in rows.values():
        assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row.values()), row
    assert {row["format"] for row in rows.values()} == {"service-voices-subscribers/2"}
    assert backup.stat().st_mode & 0o077 == 0, "personal data: readable by its owner only"
    restored = tmp_path / "restored.db"
    invoke("import-subscribers", str(backup), db=restored)
    assert names(restored)["formula2@example.org"] == FORMULAS[0], "the quote comes off again"


def test_addresses_that_look_like_formulas_are_refused(tmp_path):
    db = tmp_path / "newsletter.db"
    people = write(tmp_path / "people.csv", """
        email,name
        =cmd|' /C calc'!A0@example.org,Calc
        +evil@example.org,Plus
        -evil@example.org,Minus
        @evil@example.org,At
        fine@example.org,Fine
        """)
    done = invoke("import-subscribers", str(people), db=db)
    assert done.returncode == 0, done.stderr
    for line, start in ((2, "="), (3, "+"), (4, "-"), (5, "@")):
        assert f"line {line}: " in done.stdout and f"starts with {start!r}, which a spreadsheet would run" \
            in done.stdout
    assert statuses(db) == {"fine@example.org": "active"}


def test_the_export_of_the_old_layout_restores_statuses_too(tmp_path):
    old = write(tmp_path / "old-backup.csv", """
        email,name,status,source,created_at,changed_at
        ana@example.org,Ana,active,signup form,2025-01-02T03:04:05+00:00,2025-01-02T03:04:05+00:00
        bo@example.org,Bo,unsubscribed,signup form,2025-01-02T03:04:05+00:00,2025-02-02T03:04:05+00:00
        cy@example.org,Cy,bounced,import:x.csv,2025-01-02T03:04:05+00:00,2025-03-02T03:04:05+00:00
        di@example.org,Di,pending,signup form,2025-01-02T03:04:05+00:00,2025-01-02T03:04:05+00:00
        """)
    db = tmp_path / "newsletter.db"
    done = invoke("import-subscribers", str(old), db=db)
    assert done.returncode == 0, done.stderr
    assert statuses(db) == {"ana@example.org": "active", "bo@example.org": "unsubscribed",
                            "cy@example.org": "bounced", "di@example.org": "pending"}
