"""Redirects from Old_url: where each old address is served, and what the build writes."""

import pytest
from bs4 import BeautifulSoup
from redirects import nginx_map, old_path, redirect_page, static_host_rules
from redirects.paths import split_old_urls
from support import build_site, minimal_content, write


@pytest.mark.parametrize("url, request_path, file, variants", [
    ("https://old.example/2019/03/04/slug/", "/2019/03/04/slug/", "2019/03/04/slug/index.html",
     ("/2019/03/04/slug/", "/2019/03/04/slug")),
    ("https://old.example/2013/02/post.html", "/2013/02/post.html", "2013/02/post.html", ("/2013/02/post.html",)),
    ("https://old.example/about", "/about", "about/index.html", ("/about", "/about/")),
    ("/2021/05/from-takeout.html", "/2021/05/from-takeout.html", "2021/05/from-takeout.html",
     ("/2021/05/from-takeout.html",)),
    ("https://old.example/?p=12", "/?p=12", None, ("/?p=12",)),
    ("https://old.example/caf%C3%A9/", "/caf%C3%A9/", "café/index.html", ("/caf%C3%A9/", "/caf%C3%A9")),
])
def test_old_paths(url, request_path, file, variants):
    found = old_path(url)
    assert (found.request, found.file, found.variants) == (request_path, file, variants)


@pytest.mark.parametrize("url", ["https://old.example/", "https://old.example", "https://old.example/a/../../etc/x"])
def test_addresses_without_a_path_of_their_own_or_climbing_out_are_refused(url):
    assert old_path(url) is None


def test_old_url_values_hold_several_addresses():
    assert split_old_urls("https://a.example/x/ https://a.example/?p=1,/y.html") == [
        "https://a.example/x/", "https://a.example/?p=1", "/y.html"]


def test_the_redirect_page_names_the_new_address_three_ways():
    page = BeautifulSoup(redirect_page('Quotes "and" <tags>', "https://new.example/posts/a/?x=1&y=2"), "html.parser")
    assert page.find("link", rel="canonical")["href"] == "https://new.example/posts/a/?x=1&y=2"
    assert page.find("meta", attrs={"http-equiv": "refresh"})["content"] == "0; url=https://new.example/posts/a/?x=1&y=2"
    assert page.find("a").get_text() == 'Quotes "and" <tags>'
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"


def test_server_files():
    rules = [("/old/", "/posts/new/"), ("/?p=3", "/posts/new/"), ("/with space/", "/posts/x;y/")]
    assert nginx_map(rules).splitlines()[3:] == [
        "/old/ /posts/new/;", "/?p=3 /posts/new/;", '"/with space/" "/posts/x;y/";']
    assert static_host_rules(rules, "301").splitlines()[1:] == [
        "/old/ /posts/new/ 301", "# /?p=3 -> /posts/new/: only the nginx map can match a query string",
        "/with space/ /posts/x;y/ 301"]


def test_the_build_writes_redirects_and_warns_about_clashes(tmp_path):
    content = minimal_content(tmp_path / "content")
    write(content / "posts" / "moved.md", """
        Title: Moved
        Date: 2026-01-06 09:00
        Slug: moved
        Old_url: https://old.example/2019/01/moved/ https://old.example/?p=5

        Moved here.
        """)
    write(content / "posts" / "clash.md", """
        Title: Clash
        Date: 2026-01-07 09:00
        Slug: clash
        Old_url: https://old.example/posts/hello/ https://old.example/?p=5 https://old.example/posts/clash/

        Its first old address is now another post's address, its second is Moved's.
        """)
    write(content / "posts" / "draft.md", """
        Title: Draft
        Date: 2026-01-08 09:00
        Status: draft
        Old_url: https://old.example/2019/01/draft/

        Not published.
        """)
    built = build_site(tmp_path / "output", content, SITEURL="http://site.example/blog")
    assert built.ok, built.stderr
    warnings = [line for line in built.stderr.splitlines() if line.startswith("WARNING") and "Old_url" in line]
    assert "WARNING: content/posts/clash.md: Old_url https://old.example/posts/hello/ is a page of this site; " \
           "no redirect written" in warnings
    assert any("Old_url https://old.example/?p=5 is already redirected to content/posts/" in w for w in warnings)
    assert len(warnings) == 2, warnings  # the post's own current address needs no redirect
    page = built.html("2019/01/moved/index.html")
    assert page.find("link", rel="canonical")["href"] == "http://site.example/blog/posts/moved/"
    assert "Hello" in built.text("posts/hello/index.html")  # the clash left the real post alone
    assert "/2019/01/moved/ /blog/posts/moved/;" in built.text("redirects.map")
    assert "/2019/01/moved/ /blog/posts/moved/ 301" in built.text("_redirects")
    assert not (built.output / "2019/01/draft").exists()


def test_a_site_without_old_addresses_gets_no_redirect_files(sample_site):
    assert not (sample_site.output / "redirects.map").exists()
    assert not (sample_site.output / "_redirects").exists()
