"""The real commands on a real database: `invoke comments` moderates, and the subscriber
privacy commands cover commenters."""

from __future__ import annotations

import sqlite3

import pytest
from subscriber_tasks import invoke

from service_voices.responses.store import ResponseStore

pytestmark = pytest.mark.slow


@pytest.fixture
def commented(tmp_path):
    db = tmp_path / "newsletter.db"
    store = ResponseStore(db)
    ids = [store.add_comment(post="posts/who-gets-it/", parent_id=None, name=name, email=email, website="",
                             text=text, html=f"<p>{text}</p>", ip="192.0.2.7", status="pending")
           for name, email, text in (("Ana Ruiz", "ana@example.org", "First thought"),
                                     ("Bo Lind", "bo@example.org", "Second thought"))]
    store.confirm(ids[0], "ana@example.org", "pending")
    return db, store, ids


def test_comments_lists_pending_and_decides_by_id(commented):
    db, store, (ana, bo) = commented
    listed = invoke("comments", db=db)
    assert listed.returncode == 0, listed.stderr
    assert f"#{ana} comment on posts/who-gets-it/ by Ana Ruiz <ana@example.org>" in listed.stdout
    assert "Second thought" in listed.stdout
    assert invoke("comments", "--approve", str(ana), db=db).returncode == 0
    assert invoke("comments", "--spam", str(bo), db=db).returncode == 0
    assert store.get(ana).status == "approved" and store.get(bo).status == "spam"
    assert "No pending responses." in invoke("comments", db=db).stdout
    assert "Second thought" in invoke("comments", "--status", "spam", db=db).stdout
    assert invoke("comments", "--delete", str(bo), db=db).returncode == 0
    assert store.get(bo) is None
    missing = invoke("comments", "--approve", "9999", db=db)
    assert missing.returncode == 1 and missing.stderr.strip() == "No response with id 9999."


def test_subscriber_shows_and_forget_erases_a_commenter(commented):
    db, _, _ = commented
    shown = invoke("subscriber", "ana@example.org", db=db)
    assert shown.returncode == 0, shown.stderr
    assert "responses (1 row(s))" in shown.stdout and "First thought" in shown.stdout
    assert "commenters (1 row(s))" in shown.stdout
    done = invoke("forget", "ana@example.org", "--yes", db=db)
    assert done.returncode == 0, done.stderr
    assert "1 from responses" in done.stdout and "1 from commenters" in done.stdout
    with sqlite3.connect(db) as connection:
        everything = "\n".join(str(row) for table in ("responses", "commenters")
                               for row in connection.execute(f"SELECT * FROM {table}"))
    assert "ana@example.org" not in everything and "First thought" not in everything
    assert "Second thought" in everything, "other people's comments stay"
