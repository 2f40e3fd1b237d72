from support import write

from service_voices.newsletter_mail.subscribers.export import write_export
from service_voices.newsletter_mail.subscribers.formats import read_import_rows
from service_voices.newsletter_mail.subscribers.store import ImportReport, SubscriberStore


def test_messy_csv(tmp_path):
    messy = write(tmp_path / "messy.csv", '''
        Name,E-mail ignored,EMAIL,Company
        Ana Lopez,x,ana@example.com,Acme

        "Bo, the second",x,Bo@Example.com,
        Nobody,x,not-an-address,
        Ana again,x,ANA@example.com,
        ,,,
        No address,x,,
        "Multi
        line",x,cy@example.org,
        ''')
    report = ImportReport()
    rows = read_import_rows(messy, report)
    store = SubscriberStore(tmp_path / "db.sqlite")
    store.import_rows(rows, report=report)
    assert (report.added, report.updated, report.skipped) == (3, 0, 5)
    assert sorted(report.problems) == sorted([
        "line 3: blank row",
        "line 5: 'not-an-address' must contain exactly one @",
        "line 6: ana@example.com repeats line 2",
        "line 7: blank row",
        "line 8: no email address",
    ])
    assert store.get("bo@example.com").name == "Bo, the second"
    assert store.get("cy@example.org").name == "Multi line"


def test_headerless_file_and_export_round_trip(tmp_path):
    plain = write(tmp_path / "plain.csv", """
        ana@example.com,Ana
        bo@example.com
        """)
    store = SubscriberStore(tmp_path / "db.sqlite")
    report = ImportReport()
    store.import_rows(read_import_rows(plain, report), report=report)
    assert report.added == 2 and not report.problems
    exported = tmp_path / "out.csv"
    assert write_export(exported, store.all()) == 2
    lines = exported.read_text(encoding="utf-8").splitlines()
    # Today's columns first, then the consent on record and the format marker.
    assert lines[0] == ("email,name,status,source,created_at,changed_at,"
                        "consent_at,consent_how,consent_evidence,status_how,format")
    assert lines[1].startswith("ana@example.com,Ana,active,import,")
    again = SubscriberStore(tmp_path / "copy.sqlite")
    report = ImportReport()
    again.import_rows(read_import_rows(exported, report), report=report)
    assert report.added == 2 and [s.email for s in again.all()] == ["ana@example.com", "bo@example.com"]
