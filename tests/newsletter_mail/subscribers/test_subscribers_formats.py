"""Moving a list in from other tools: their exports, written in each tool's real column
layout (samples/), imported with the real `invoke import-subscribers`."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from subscriber_tasks import invoke, names, statuses

from service_voices.newsletter_mail.subscribers.store import SubscriberStore

pytestmark = pytest.mark.slow

SAMPLES = Path(__file__).parent / "samples"
MAILCHIMP_ID = "4f1c2a9b7e"


def mailchimp_zip(folder: Path) -> Path:
    """The audience export as Mailchimp hands it over: one zip of its CSVs."""
    archive = folder / "audience_export.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        for csv_file in sorted((SAMPLES / "mailchimp").glob("*.csv")):
            zipped.write(csv_file, csv_file.name)
    return archive


def test_the_mailchimp_audience_zip_keeps_who_left_and_who_bounced(tmp_path):
    db = tmp_path / "newsletter.db"
    done = invoke("import-subscribers", str(mailchimp_zip(tmp_path)), db=db)
    assert done.returncode == 0, done.stderr
    assert "read as a Mailchimp audience export" in done.stdout
    assert f"nonsubscribed_members_export_{MAILCHIMP_ID}.csv: contacts who never subscribed" in done.stdout
    assert statuses(db) == {
        "priya.nair@example.org": "active", "tomas.oliveira@example.net": "active", "kim.lee@example.org": "active",
        "olu.adeyemi@example.org": "unsubscribed", "marta.kowalska@example.net": "unsubscribed",
        "gone.mailbox@example.org": "bounced",
    }
    assert names(db)["tomas.oliveira@example.net"] == "Tomás Oliveira"
    assert names(db)["kim.lee@example.org"] == 'Kim "KJ" Lee'
    assert "new -> unsubscribed: 2" in done.stdout and "new -> bounced: 1" in done.stdout
    assert done.stdout.strip().endswith("added 6, updated 0, unchanged 0, skipped 0.")

    store = SubscriberStore(db)
    joined = store.history("priya.nair@example.org")[-1]
    assert joined.how == f"import:audience_export.zip/subscribed_members_export_{MAILCHIMP_ID}.csv:2"
    assert joined.evidence == {"tool": "mailchimp", "tool_status": "subscribed", "opted_in_at": "2024-03-14 09:12:31",
                               "opt_in_ip": "198.51.100.23", "confirmed_at": "2024-03-14 09:14:02",
                               "confirm_ip": "198.51.100.23"}
    left = store.history("olu.adeyemi@example.org")[-1]
    assert (left.new_status, left.evidence["unsubscribed_at"]) == ("unsubscribed", "2025-01-09 21:15:40")
    assert store.history("gone.mailbox@example.org")[-1].evidence["cleaned_at"] == "2024-10-01 05:00:00"

    # Suppressed on the way in: a later plain list cannot make them active.
    later = tmp_path / "later.csv"
    later.write_text("email,name\nolu.adeyemi@example.org,Olu\ngone.mailbox@example.org,Ren\n", encoding="utf-8")
    again = invoke("import-subscribers", str(later), db=db)
    assert "line 2: olu.adeyemi@example.org is unsubscribed and is not re-subscribed by an import" in again.stdout
    assert "line 3: gone.mailbox@example.org is bounced and is not re-subscribed by an import" in again.stdout
    assert statuses(db)["olu.adeyemi@example.org"] == "unsubscribed"


def test_a_mailchimp_csv_on_its_own_is_read_by_its_columns(tmp_path):
    db = tmp_path / "newsletter.db"
    single = SAMPLES / "mailchimp" / f"unsubscribed_members_export_{MAILCHIMP_ID}.csv"
    done = invoke("import-subscribers", str(single), db=db)
    assert done.returncode == 0, done.stderr
    assert set(statuses(db).values()) == {"unsubscribed"} and len(statuses(db)) == 2


@pytest.mark.parametrize("sample, title, expected, skipped", [
    ("substack-email_list.service-voices.csv", "Substack subscriber export",
     {"hana.novak@example.org": "active", "ravi.menon@example.net": "active",
      "left.quietly@example.org": "unsubscribed"},
     ["line 5: e8b1c2d3@deletion-request.substack.com is a Substack deletion request"]),
    ("ghost-members.csv", "Ghost member export",
     {"grace.mwangi@example.org": "active", "leo.fischer@example.net": "unsubscribed",
      "ines.duarte@example.org": "active"}, []),
    ("buttondown-subscribers.csv", "Buttondown subscriber export",
     {"amara.okafor@example.org": "active", "jon.berg@example.net": "active", "not.yet@example.org": "pending",
      "done.here@example.net": "unsubscribed", "spam.report@example.org": "unsubscribed",
      "no.such.box@example.net": "bounced"}, []),
    ("listmonk-subscribers.csv", "listmonk subscriber export",
     {"nadia.haddad@example.org": "active", "blocked.sender@example.net": "unsubscribed",
      "paused.reader@example.org": "unsubscribed"}, []),
])
def test_each_tools_export_is_recognised_and_nobody_who_left_comes_in_active(tmp_path, sample, title, expected,
                                                                              skipped):
    db = tmp_path / "newsletter.db"
    done = invoke("import-subscribers", str(SAMPLES / sample), db=db)
    assert done.returncode == 0, done.stderr
    assert f"{sample}: read as a {title}." in done.stdout
    assert statuses(db) == expected
    for reason in skipped:
        assert f"{sample}: {reason}, skipped" in done.stdout
    assert done.stdout.strip().endswith(f"added {len(expected)}, updated 0, unchanged 0, skipped {len(skipped)}.")


def test_names_and_consent_evidence_from_the_tools(tmp_path):
    db = tmp_path / "newsletter.db"
    for sample in ("ghost-members.csv", "buttondown-subscribers.csv", "listmonk-subscribers.csv",
                   "substack-email_list.service-voices.csv"):
        assert invoke("import-subscribers", str(SAMPLES / sample), db=db).returncode == 0
    assert names(db)["ines.duarte@example.org"] == "Inês Duarte"
    assert names(db)["nadia.haddad@example.org"] == "Nadia Haddad"
    store = SubscriberStore(db)
    assert store.history("grace.mwangi@example.org")[-1].evidence == {
        "tool": "ghost", "tool_status": "subscribed", "opted_in_at": "2024-04-10T08:22:01.000Z",
        "labels": "Import, Speakers"}
    complained = store.history("spam.report@example.org")[-1]
    assert (complained.how, complained.evidence["tool_status"]) == ("import:buttondown-subscribers.csv:6", "complained")
    assert store.history("amara.okafor@example.org")[-1].evidence["opt_in_ip"] == "198.51.100.41"
    assert store.history("ravi.menon@example.net")[-1].evidence["plan"] == "yearly"
    assert store.history("blocked.sender@example.net")[-1].evidence["tool_status"] == "blocklisted"


def test_a_dry_run_prints_the_changes_by_status_and_writes_nothing(tmp_path):
    db = tmp_path / "newsletter.db"
    done = invoke("import-subscribers", str(SAMPLES / "buttondown-subscribers.csv"), "--dry-run", db=db)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    at = lines.index("Would change, by status:")
    assert lines[at + 1:at + 5] == ["  new -> pending: 1", "  new -> active: 2", "  new -> unsubscribed: 2",
                                    "  new -> bounced: 1"]
    assert lines[-1].endswith("would add 6, would update 0, unchanged 0, skipped 0 (dry run: nothing was written).")
    assert statuses(db) == {}


def test_a_dry_run_over_a_zip_sees_what_the_earlier_files_would_do(tmp_path):
    db = tmp_path / "newsletter.db"
    # Someone in both the unsubscribed and the subscribed file ends up unsubscribed.
    subscribed = (SAMPLES / "mailchimp" / f"subscribed_members_export_{MAILCHIMP_ID}.csv").read_text(encoding="utf-8")
    both = tmp_path / "both.zip"
    with zipfile.ZipFile(both, "w") as zipped:
        zipped.writestr(f"subscribed_members_export_{MAILCHIMP_ID}.csv",
                        subscribed + "olu.adeyemi@example.org,Olu,Adeyemi,,,2,,,,,,,,,,,,,1,x,,\n")
        zipped.write(SAMPLES / "mailchimp" / f"unsubscribed_members_export_{MAILCHIMP_ID}.csv",
                     f"unsubscribed_members_export_{MAILCHIMP_ID}.csv")
    planned = invoke("import-subscribers", str(both), "--dry-run", db=db)
    assert "olu.adeyemi@example.org is unsubscribed and is not re-subscribed by an import" in planned.stdout
    assert statuses(db) == {}
    done = invoke("import-subscribers", str(both), db=db)
    assert done.returncode == 0, done.stderr
    assert statuses(db)["olu.adeyemi@example.org"] == "unsubscribed"
    assert planned.stdout.splitlines()[-1].endswith(
        "would add 5, would update 0, unchanged 0, skipped 1 (dry run: nothing was written).")
    assert done.stdout.splitlines()[-1].endswith("added 5, updated 0, unchanged 0, skipped 1.")


def test_from_forces_a_tool_and_says_which_column_is_missing(tmp_path):
    db = tmp_path / "newsletter.db"
    forced = invoke("import-subscribers", str(SAMPLES / "listmonk-subscribers.csv"), "--from", "listmonk", db=db)
    assert forced.returncode == 0 and "read as a listmonk subscriber export" in forced.stdout
    wrong = invoke("import-subscribers", str(SAMPLES / "substack-email_list.service-voices.csv"), "--from", "ghost",
                   db=tmp_path / "other.db")
    assert wrong.returncode == 1
    assert wrong.stderr.strip() == (
        "substack-email_list.service-voices.csv: --from ghost needs the column(s) subscribed_to_emails in the "
        "header row; it has: email, active_subscription, expiry, plan, email_disabled, created_at, first_payment_at")
    unknown = invoke("import-subscribers", str(SAMPLES / "ghost-members.csv"), "--from", "wordpress", db=db)
    assert unknown.returncode == 2 and "--from wordpress: unknown tool" in unknown.stderr
    assert "Traceback" not in wrong.stderr + unknown.stderr
