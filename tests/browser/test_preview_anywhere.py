"""A preview build looks right wherever it is opened: from file://, or served on a port it was not built for."""

import pytest
from browser_support import SiteServer, require_chromium
from support import build_site

PAGES = ["index.html", "posts/practitioner-interview-ana-ruiz/index.html", "series/customer-service-basics/index.html"]


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    require_chromium()
    # The preview settings as they are: SITEURL is http://127.0.0.1:8000, which no
    # test server listens on.
    output = tmp_path_factory.mktemp("preview") / "output"
    built = build_site(output)
    assert built.ok, built.stderr
    return output


def _styled(browser, url) -> tuple[int, str]:
    page = browser.new_page()
    failed = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.goto(url)
    # (A file:// page may not read a sheet's rules, so the sheet's effect is measured.)
    rules = page.evaluate("document.styleSheets.length")
    # The site's stylesheet sets the page's font and margins; the browser's own are a
    # serif and 8 px.
    family = page.evaluate("getComputedStyle(document.body).fontFamily")
    margin = page.evaluate("getComputedStyle(document.body).marginTop")
    assert margin != "8px", f"{url}: the body keeps the browser's default margin"
    stylesheet_failures = [url for url in failed if url.endswith(".css")]
    page.close()
    assert not stylesheet_failures, stylesheet_failures
    return rules, family


@pytest.mark.parametrize("path", PAGES)
def test_pages_opened_from_file_are_styled(browser, preview, path):
    rules, family = _styled(browser, (preview / path).as_uri())
    assert rules >= 1, f"{path}: no stylesheet loaded from file://"
    assert family.lower() not in ("", "times new roman", "serif"), family


@pytest.mark.parametrize("path", PAGES)
def test_pages_served_on_another_port_are_styled(browser, preview, path):
    with SiteServer(preview) as server:
        assert not server.url.endswith(":8000")
        rules, family = _styled(browser, f"{server.url}/{path}")
    assert rules >= 1, f"{path}: no stylesheet loaded on {server.url}"
    assert family.lower() not in ("", "times new roman", "serif"), family


def test_canonical_links_and_feeds_keep_the_configured_address(preview):
    page = (preview / PAGES[1]).read_text(encoding="utf-8")
    assert '<link rel="canonical" href="http://127.0.0.1:8000/posts/practitioner-interview-ana-ruiz/">' in page
    assert "http://127.0.0.1:8000/posts/" in (preview / "feeds" / "all.atom.xml").read_text(encoding="utf-8")
