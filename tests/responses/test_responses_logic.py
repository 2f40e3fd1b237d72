"""The pure parts: the Markdown subset and its sanitising, which posts take comments,
threads, sample files, and what a webmention source's microformats say."""

from __future__ import annotations

import datetime as dt

import httpx
import pytest
from bs4 import BeautifulSoup
from responses.samples import SampleFileError, load_samples
from responses.threads import comments_open, count_words, group_by_post

from service_voices.responses.markup import initials, link_count, render
from service_voices.responses.store import Response
from service_voices.responses.webmention import Fetched, discover_endpoint, links_to, parse_mention

NOW = dt.datetime(2026, 6, 1, tzinfo=dt.UTC)


@pytest.mark.parametrize("hostile", [
    "<script>alert(1)</script>",
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD4=)",
    '<a href="https://e.example" onmouseover="alert(1)">x</a>',
    "![x](https://tracker.example/p.png)",
    '<iframe src="https://e.example"></iframe>',
    "<style>body{display:none}</style>",
    '[x](https://e.example "title" onclick="alert(1)")',
    "<!-- <script>alert(1)</script> -->",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
])
def test_hostile_input_comes_out_inert(hostile):
    soup = BeautifulSoup(render(hostile), "html.parser")
    assert not soup.find_all(["script", "img", "iframe", "style"])
    for element in soup.find_all(True):
        assert set(element.attrs) <= {"href", "rel"}
        href = element.get("href", "")
        assert href == "" or href.startswith(("http://", "https://", "mailto:"))


def test_the_subset_renders_and_links_are_marked():
    html = render("Hi *there* and **you**\n\n> quoted\n\n1. one\n2. two\n\n[site](https://ok.example)")
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("em").get_text() == "there" and soup.find("strong").get_text() == "you"
    assert soup.find("blockquote").get_text(strip=True) == "quoted"
    assert [li.get_text() for li in soup.find("ol").find_all("li")] == ["one", "two"]
    assert soup.find("a")["rel"] == ["nofollow", "ugc"]
    assert render("# Heading") == "Heading"
    assert link_count("see https://a.example and www.b.example, http://c.example") == 3
    assert (initials("Ana  Ruiz Lima"), initials("  "), initials("émile")) == ("AR", "?", "É")


@pytest.mark.parametrize(("value", "default", "days", "age", "expected"), [
    (None, True, 0, 4000, True),
    ("off", True, 0, 1, False),
    ("Off", True, 0, 1, False),
    ("on", False, 0, 1, True),
    (None, False, 0, 1, False),
    (None, True, 30, 29, True),
    (None, True, 30, 31, False),
    ("on", True, 30, 31, False),
])
def test_which_posts_take_comments(value, default, days, age, expected):
    assert comments_open(value, default, days, NOW - dt.timedelta(days=age), NOW) is expected


def response(id, parent=None, kind="comment", at="2026-01-01T00:00:00+00:00", post="posts/a/"):
    return Response(id, post, parent, kind, "approved", f"Person {id}", f"p{id}@example.org", "", "", f"<p>{id}</p>",
                    False, None, "", at)


def test_threads_nest_replies_and_drop_orphans():
    grouped = group_by_post([response(2, parent=1, at="2026-01-02T00:00:00+00:00"), response(1),
                             response(3, kind="like"), response(4, parent=99), response(5, post="posts/b/")])
    a = grouped["posts/a/"]
    assert [t.id for t in a.threads] == [1] and [r.id for r in a.threads[0].replies] == [2]
    assert [r.id for r in a.reactions] == [3]
    assert a.count == 3 and grouped["posts/b/"].count == 1
    assert not hasattr(a.threads[0], "email")
    assert [count_words(n) for n in (0, 1, 3)] == ["No responses yet", "1 response", "3 responses"]


def test_sample_file_problems_are_one_line_naming_the_file(tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    with pytest.raises(SampleFileError, match=r"broken\.json: not valid JSON"):
        load_samples(broken)
    incomplete = tmp_path / "incomplete.json"
    incomplete.write_text('{"responses": [{"post": "posts/a/", "name": "A"}]}')
    with pytest.raises(SampleFileError, match=r"incomplete\.json: response 1 lacks 'date'"):
        load_samples(incomplete)
    with pytest.raises(SampleFileError, match=r"missing\.json: cannot be read"):
        load_samples(tmp_path / "missing.json")


TARGET = "https://voices.example/posts/a/"


def test_a_source_page_h_entry_gives_kind_author_photo_and_content():
    page = f"""<div class="h-entry"><span class="p-author h-card"><img class="u-photo" src="/me.jpg" alt="">
      <a class="p-name u-url" href="https://sam.example/">Sam</a></span>
      <a class="u-repost-of" href="{TARGET}">reposted</a>
      <div class="e-content"><p onclick="x()">Worth a read</p></div></div>"""
    mention = parse_mention(page, "https://sam.example/notes/1", TARGET)
    assert (mention.kind, mention.name, mention.website, mention.photo) == (
        "repost", "Sam", "https://sam.example/", "https://sam.example/me.jpg")
    assert mention.html == "<p>Worth a read</p>"
    assert links_to(page, "https://sam.example/notes/1", TARGET + "#comments")
    assert not links_to("<a href='https://voices.example/posts/b/'>b</a>", "https://x.example/", TARGET)
    plain = parse_mention(f"<p><a href='{TARGET}'>a</a></p>", "https://plain.example/p", TARGET)
    assert (plain.kind, plain.name) == ("mention", "plain.example")


def test_endpoint_discovery_prefers_the_link_header_then_the_first_element():
    def page(html, link=""):
        headers = httpx.Headers({"link": link} if link else {})
        return Fetched(200, "https://r.example/post/", html, headers)

    html = '<a rel="webmention" href="/a-endpoint">x</a><link rel="webmention" href="/link-endpoint">'
    assert discover_endpoint(page(html, '</header-endpoint>; rel="webmention"')) == \
        "https://r.example/header-endpoint"
    assert discover_endpoint(page(html, "<https://o.example/>; rel=preload")) == "https://r.example/a-endpoint"
    assert discover_endpoint(page("<p>none</p>")) == ""
    assert discover_endpoint(page("", "<https://o.example/wm>; rel=webmention")) == "https://o.example/wm"
