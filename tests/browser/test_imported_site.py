"""A blog imported with invoke import-blog, in Chromium and the Nu HTML checker: old
addresses lead to the new posts, and every page, redirect pages included, is valid HTML."""

from __future__ import annotations

import json
import subprocess

import pytest
from blog_import_support import AUTHORS_MAP, BLOGGER, WORDPRESS, make_uploads, run_import, small_site
from browser_support import SiteServer, require_vnu
from support import build_site


@pytest.fixture(scope="module")
def served_import(tmp_path_factory):
    root = tmp_path_factory.mktemp("imported")
    content = small_site(root / "content")
    (root / "authors.txt").write_text(AUTHORS_MAP)
    run_import(WORDPRESS, content, authors_map=root / "authors.txt", uploads=make_uploads(root / "uploads"))
    run_import(BLOGGER, content)
    output = root / "output"
    with SiteServer(output) as server:
        built = build_site(output, content, SITEURL=server.url)
        assert built.ok, built.stderr
        yield server.url, output


@pytest.mark.parametrize("old, new", [
    ("/2019/03/04/interview-justin-case/", "/posts/interview-justin-case/"),
    ("/2019/04/10/refunds-that-feel-fair/", "/posts/refunds-that-feel-fair/"),
    ("/2013/03/ana-and-sam-on-first-reply.html", "/posts/ana-and-sam-on-first-reply/"),
])
def test_an_old_address_leads_to_the_imported_post(served_import, browser, old, new):
    url, _ = served_import
    context = browser.new_context()
    try:
        page = context.new_page()
        failures = []
        page.on("console", lambda message: message.type == "error" and failures.append(message.text))
        page.on("requestfailed", lambda request: failures.append(request.url))
        page.on("response", lambda response: response.status >= 400 and failures.append(
            f"HTTP {response.status}: {response.url}"))
        page.goto(url + old)
        page.wait_for_url(url + new)
        page.wait_for_load_state("networkidle")
        assert page.locator("h1").first.is_visible()
        if "interview" in new:
            assert page.locator("h2.interview-question").count() == 5
        else:
            assert page.locator("[data-speaker]").count() >= 5
        assert failures == []
    finally:
        context.close()


def test_the_imported_site_is_valid_html(served_import):
    java, vnu = require_vnu()
    _, output = served_import
    pages = [path for path in output.rglob("*.html") if "newsletter" not in path.parts]
    assert any(path.name == "index.html" and "2019" in path.parts for path in pages), "no redirect page to check"
    done = subprocess.run([java, "-jar", str(vnu), "--errors-only", "--format", "json", *map(str, pages)],
                          capture_output=True, text=True, timeout=240)
    messages = json.loads(done.stderr or done.stdout or '{"messages": []}')["messages"]
    errors = [f"{m.get('url', '').partition(str(output))[2]}:{m.get('lastLine', '?')}: {m.get('message')}"
              for m in messages if m.get("type") in ("error", "non-document-error")]
    assert errors == [], "\n".join(errors[:40])
