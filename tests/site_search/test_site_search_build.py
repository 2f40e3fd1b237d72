"""site_search in a full build: the search page, and a Pagefind index of post bodies only."""

from __future__ import annotations

import json
import os
import stat

from site_search.indexer import index_site, pagefind_executable
from support import build_site, minimal_content, write


def test_the_index_holds_exactly_the_posts(sample_site):
    entry = json.loads(sample_site.text("pagefind/pagefind-entry.json"))
    indexed = sum(language["page_count"] for language in entry["languages"].values())
    posts = len(list((sample_site.output / "posts").glob("*/index.html")))
    assert indexed == posts


def test_only_post_bodies_are_marked_for_indexing(sample_site):
    for page in sample_site.output.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        if "data-pagefind-body" in text:
            assert page.relative_to(sample_site.output).parts[0] == "posts", page


def test_the_search_page_works_as_a_plain_form(sample_site):
    soup = sample_site.html("search/index.html")
    form = soup.select_one("form.search-form")
    assert form["method"] == "get" and form["action"].endswith("/search/")
    field = form.select_one("input[name=q]")
    assert soup.select_one(f'label[for="{field["id"]}"]') is not None
    fallback = soup.select_one("#search-status noscript")
    assert "needs JavaScript" in fallback.get_text()
    assert fallback.find("a", string="archives")["href"].endswith("/archives/")


def test_every_page_links_to_search(sample_site):
    for path in ("index.html", "archives/index.html", "posts/making-it-stick/index.html"):
        links = [a["href"] for a in sample_site.html(path).select(".site-nav a") if a.get_text() == "Search"]
        assert links and links[0].endswith("/search/"), path


def test_indexing_can_be_switched_off(tmp_path):
    built = build_site(tmp_path / "output", content=minimal_content(tmp_path / "content"),
                       SITE_SEARCH_INDEX=False)
    assert built.ok, built.stderr
    assert (built.output / "search" / "index.html").is_file()
    assert not (built.output / "pagefind").exists()


def test_a_failing_indexer_is_one_clear_error(tmp_path):
    broken = tmp_path / "pagefind"
    broken.write_text("#!/bin/sh\necho 'Error: cannot read the site' >&2\nexit 3\n", encoding="utf-8")
    broken.chmod(broken.stat().st_mode | stat.S_IEXEC)
    result = index_site(tmp_path, "pagefind", executable=broken)
    assert not result.ok
    assert result.message == "pagefind exited with 3: Error: cannot read the site"


def test_the_real_indexer_reports_its_page_count(tmp_path):
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "a" / "index.html").write_text(
        '<!doctype html><html lang="en"><title>A</title><h1>A</h1><div data-pagefind-body>Quiet queue</div></html>',
        encoding="utf-8")
    (site / "b.html").write_text('<!doctype html><html lang="en"><title>B</title><p>Not indexed</p></html>',
                                 encoding="utf-8")
    assert pagefind_executable() is not None and os.access(pagefind_executable(), os.X_OK)
    result = index_site(site, "pagefind")
    assert result.ok and result.pages == 1, result.message


def test_drafts_and_hidden_posts_stay_out_of_the_index(tmp_path):
    content = minimal_content(tmp_path / "content")
    for status in ("draft", "hidden"):
        write(content / "posts" / f"{status}.md", f"""
            Title: A {status} post
            Date: 2026-01-06 09:00
            Category: Craft
            Status: {status}

            Secret words.
            """)
    built = build_site(tmp_path / "output", content=content)
    assert built.ok, built.stderr
    assert list((built.output / "drafts").glob("*/index.html")), "the draft is built, just not indexed"
    entry = json.loads(built.text("pagefind/pagefind-entry.json"))
    assert sum(language["page_count"] for language in entry["languages"].values()) == 1
