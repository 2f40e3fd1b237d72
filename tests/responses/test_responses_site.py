"""The sample site as a fresh clone builds it: a post with a few responses and a
webmention, from samples/responses.json; and a broken sample file as one line."""

from __future__ import annotations

import json

import feedparser
import pytest
from support import build_site, write

pytestmark = pytest.mark.slow

POST = "posts/customer-service-1-listening/"


def test_the_sample_post_shows_comments_a_reply_a_webmention_and_a_like(tmp_path):
    built = build_site(tmp_path / "out", WHITEPAPER_PDF=False, NEWSLETTER_DB=str(tmp_path / "none.db"))
    assert built.ok, built.stderr
    page = built.html(f"{POST}index.html")
    section = page.find(id="responses")
    assert section.find(id="responses-title").get_text() == "6 responses to “Customer Service 1: Listening”"
    names = [name.get_text(strip=True) for name in section.select(".responses__list > li > .response__body "
                                                                   ".response__name")]
    assert names == ["Maria Alvarez", "Priya Natarajan", "Support Notes"]
    replies = section.select(".responses__replies .response")
    assert [r.select_one(".response__name").get_text(strip=True) for r in replies] == ["Jenny Park", "Tom Becker"]
    assert replies[0].select_one(".response__badge").get_text() == "Author"
    mention = section.find(class_="response__source")
    assert mention["href"] == "https://support-notes.example/2026/06/listening-is-a-skill/"
    assert section.select_one(".responses__reactions").get_text(" ", strip=True) == \
        "Liked by Lee from Helpdesk Weekly"
    assert section.find("form", class_="response-form")["action"] == "http://127.0.0.1:8025/comment"
    assert "Responses appear after moderation." in section.get_text()
    assert not section.find("img"), "no avatars from third parties"
    feed = feedparser.parse(built.text(f"{POST}responses.atom"))
    assert len(feed.entries) == 6 and feed.feed.title == "Responses to “Customer Service 1: Listening”"
    other = built.html("posts/customer-service-2-ownership/index.html").find(id="responses")
    assert other.find(id="responses-title").get_text() == "No responses yet"
    assert not (built.output / "posts/customer-service-2-ownership/responses.atom").exists()


def test_a_live_build_shows_no_samples_and_no_form_without_a_service(tmp_path):
    built = build_site(tmp_path / "out", settings="publishconf.py", WHITEPAPER_PDF=False,
                       NEWSLETTER_DB=str(tmp_path / "none.db"), DELETE_OUTPUT_DIRECTORY=False)
    assert built.ok, built.stderr
    page = built.html(f"{POST}index.html")
    assert "Maria Alvarez" not in page.get_text()
    assert page.find("form", class_="response-form") is None
    assert page.find("link", rel="webmention") is None


def test_a_broken_sample_file_is_one_line_naming_it(tmp_path):
    broken = write(tmp_path / "broken.json", '{"responses": [{"post": "posts/a/"}]}')
    built = build_site(tmp_path / "out", WHITEPAPER_PDF=False, RESPONSES_SAMPLE_FILE=str(broken),
                       NEWSLETTER_DB=str(tmp_path / "none.db"))
    assert not built.ok
    errors = [line for line in (built.stdout + built.stderr).splitlines() if "broken.json" in line]
    assert len(errors) == 1 and "response 1 lacks 'name'" in errors[0]
    assert "Traceback" not in built.stderr


def test_old_posts_close_after_the_set_number_of_days(tmp_path):
    posts_file = tmp_path / "posts.json"
    built = build_site(tmp_path / "out", WHITEPAPER_PDF=False, NEWSLETTER_DB=str(tmp_path / "none.db"),
                       RESPONSES_CLOSE_AFTER_DAYS=1, RESPONSES_POSTS_FILE=str(posts_file))
    assert built.ok, built.stderr
    page = built.html(f"{POST}index.html")
    assert page.find("form", class_="response-form") is None
    assert "Maria Alvarez" in page.get_text(), "what was approved still shows"
    index = json.loads(posts_file.read_text())
    assert index[POST]["open"] is False and index[POST]["authors"] == ["Jenny Park"]
