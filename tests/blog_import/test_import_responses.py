"""Imported comments and pingbacks reach the responses store, and the built post shows the approved ones."""

import sqlite3

import pytest
from blog_import_support import AUTHORS_MAP, WORDPRESS, make_uploads, run_import, small_site
from bs4 import BeautifulSoup
from support import build_site

from service_voices.responses.imported import load_imported
from service_voices.responses.store import ResponseStore

pytestmark = pytest.mark.slow


def _imported(tmp_path):
    content = small_site(tmp_path / "content")
    (tmp_path / "authors.txt").write_text(AUTHORS_MAP)
    result = run_import(WORDPRESS, content, authors_map=tmp_path / "authors.txt",
                        uploads=make_uploads(tmp_path / "uploads"))
    assert result.ok, result.problems
    return content


def test_comments_and_pingbacks_load_once_with_their_status_and_threads(tmp_path):
    content = _imported(tmp_path)
    db = tmp_path / "newsletter.db"
    store = ResponseStore(db)
    first = load_imported(store, content / "responses", site_url="https://voices.example.org")
    assert first.added >= 4 and first.already_there == 0
    again = load_imported(store, content / "responses", site_url="https://voices.example.org")
    assert again.added == 0 and again.already_there == first.added
    rows = sqlite3.connect(db).execute(
        "SELECT kind, status, name, email, parent_id, source FROM responses WHERE post = ?",
        ("posts/interview-justin-case/",)).fetchall()
    kinds = [row[0] for row in rows]
    assert "comment" in kinds and "mention" in kinds
    assert {row[1] for row in rows} == {"approved", "pending"}
    assert all(row[3] is None for row in rows), "an imported response must never carry an email address"
    replies = [row for row in rows if row[0] == "reply"]
    assert all(row[4] for row in replies)
    assert all(row[5] for row in rows if row[0] == "mention")


def test_the_built_post_shows_the_approved_imported_comments(tmp_path):
    content = _imported(tmp_path)
    db = tmp_path / "newsletter.db"
    load_imported(ResponseStore(db), content / "responses", site_url="https://voices.example.org")
    built = build_site(tmp_path / "output", content, SITEURL="https://voices.example.org",
                       NEWSLETTER_SERVICE_URL="https://subscribe.example.org", NEWSLETTER_DB=str(db),
                       RESPONSES_SAMPLE_FILE="")
    assert built.ok, built.stderr
    section = built.html("posts/interview-justin-case/index.html").find(id="responses")
    assert section is not None
    approved = sqlite3.connect(db).execute(
        "SELECT name FROM responses WHERE post = ? AND status = 'approved' AND kind IN ('comment', 'reply')",
        ("posts/interview-justin-case/",)).fetchall()
    pending = sqlite3.connect(db).execute(
        "SELECT html FROM responses WHERE post = ? AND status = 'pending'", ("posts/interview-justin-case/",)).fetchall()
    text = section.get_text(" ", strip=True)
    assert approved and all(name in text for (name,) in approved)
    assert "@" not in "".join(a.get("href", "") for a in section.find_all("a") if a.get("href", "").startswith("mailto"))
    assert pending, "the export has a comment awaiting approval"
    for (html,) in pending:
        words = BeautifulSoup(html, "html.parser").get_text(" ", strip=True)[:40]
        assert words and words not in text, "a comment awaiting approval is on the page"
