"""Malformed files stop an import before anything is written; names are cleaned by the
one rule whichever way they arrive, and always fit a one-line To: header."""

from __future__ import annotations

import email.policy
from email.message import EmailMessage

import pytest
from subscriber_tasks import invoke, names, statuses

from service_voices.names import NAME_MAX_BYTES, NAME_MAX_LENGTH, clean_name
from service_voices.newsletter_mail.sending.message import Recipient, address_header
from service_voices.newsletter_mail.subscribers.formats import read_import_rows
from service_voices.newsletter_mail.subscribers.reading import FIELD_LIMIT
from service_voices.newsletter_mail.subscribers.store import ImportReport, SubscriberStore, normalize_email

pytestmark = pytest.mark.slow


UNCLOSED = """email,name
ana@example.org,Ana
bo@example.org,"Bo, who forgot to close the quote
cy@example.org,Cy
di@example.org,Di
"""


@pytest.mark.parametrize("content, message", [
    (UNCLOSED.encode(), "line 3: a quoted field starts here and is never closed"),
    (b'email,name\nana@example.org,Ana\nbo@example.org,"Bo" Jr\n',
     'line 3: a quote inside a quoted field must be doubled ("")'),
    (f"email,name\nana@example.org,Ana\nbo@example.org,{'x' * (FIELD_LIMIT + 1)}\n".encode(),
     "line 3: a field is longer than 131,072 characters"),
    ("email,name\nana@example.org,Ana\nzoe@example.org,Zoé\n".encode("cp1252"),
     'line 3: byte 0xe9 is not UTF-8 text (save the file as UTF-8, "CSV UTF-8" in a spreadsheet)'),
], ids=["unclosed quote", "stray quote", "oversize field", "not UTF-8"])
def test_a_malformed_file_is_reported_at_its_line_and_nothing_is_imported(tmp_path, content, message):
    people = tmp_path / "people.csv"
    people.write_bytes(content)
    db = tmp_path / "newsletter.db"
    SubscriberStore(db)
    done = invoke("import-subscribers", str(people), db=db)
    assert done.returncode == 1
    assert done.stderr.strip() == f"people.csv: {message}; nothing was imported"
    assert "Traceback" not in done.stderr
    assert statuses(db) == {}, "nothing is imported from a malformed file"


def test_a_broken_zip_is_one_line(tmp_path):
    broken = tmp_path / "audience.zip"
    broken.write_bytes(b"PK\x03\x04" + b"\x00" * 40)
    db = tmp_path / "newsletter.db"
    done = invoke("import-subscribers", str(broken), db=db)
    assert done.returncode == 1 and len(done.stderr.strip().splitlines()) == 1
    assert "Traceback" not in done.stderr


HOSTILE = ("Ann\x00\x1b[31m Lee\u202e\u2066evil\u2069\u200b\u200d\ufeff\r\nBcc: x@example.org\t"
           + "y" * 300)


def test_imported_names_lose_control_bidi_and_zero_width_characters(tmp_path):
    people = tmp_path / "people.csv"
    people.write_text(f'email,name\nann@example.org,"{HOSTILE}"\n', encoding="utf-8")
    db = tmp_path / "newsletter.db"
    assert invoke("import-subscribers", str(people), db=db).returncode == 0
    stored = names(db)["ann@example.org"]
    assert stored == clean_name(HOSTILE), "the same rule as the sign-up form"
    assert stored.startswith("Ann[31m Leeevil Bcc: x@example.org y")
    assert len(stored) == NAME_MAX_LENGTH
    assert not any(char in stored for char in "\x00\x1b\u202e\u2066\u2069\u200b\u200d\ufeff\r\n\t")


def test_the_admin_command_cleans_names_by_the_same_rule(tmp_path):
    db = tmp_path / "newsletter.db"
    SubscriberStore(db).request_subscription("ann@example.org", "Ann", "test")
    typed = HOSTILE.replace("\x00", "")  # a command line cannot carry NUL; everything else it can
    done = invoke("subscriber", "ann@example.org", "--name", typed, db=db)
    assert done.returncode == 0, done.stderr
    assert names(db)["ann@example.org"] == clean_name(HOSTILE)


def test_every_import_format_uses_the_rule(tmp_path):
    ghost = tmp_path / "ghost.csv"
    ghost.write_text("id,email,name,note,subscribed_to_emails,complimentary_plan,stripe_customer_id,created_at,"
                     f'deleted_at,labels,tiers\n1,ann@example.org,"{HOSTILE}",,true,false,,,,,\n', encoding="utf-8")
    report = ImportReport()
    rows = read_import_rows(ghost, report)
    store = SubscriberStore(tmp_path / "newsletter.db")
    store.import_rows(rows, report=report)
    assert store.get("ann@example.org").name == clean_name(HOSTILE)


@pytest.mark.parametrize("letter", ["y", "\u00e9", "\u4e2d", "\U0001f600"])
def test_the_longest_name_keeps_the_to_header_on_one_line(letter):
    name = clean_name(letter * 500)
    assert len(name.encode("utf-8")) <= NAME_MAX_BYTES
    longest_address = "a" * 64 + "@" + ".".join(["b" * 61] * 3) + ".io"
    assert normalize_email(longest_address) == longest_address and len(longest_address) == 253
    header = address_header(Recipient(longest_address, name))
    message = EmailMessage(policy=email.policy.SMTP.clone(max_line_length=998))
    message["To"] = header
    line = message.as_bytes().split(b"\r\n")[0]
    assert line.startswith(b"To: ") and len(line) < 998
    # Even written as quoted-printable encoded words, every byte three characters:
    assert len(b"To: =?utf-8?q?" + b"=XX" * len(name.encode("utf-8")) + b"?= <" + longest_address.encode()
               + b">") < 998
