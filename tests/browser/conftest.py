"""The built sample site served on 127.0.0.1 and one Chromium, shared by every browser
test in this folder (one build and one browser launch per test run)."""

from __future__ import annotations

import pytest
from browser_support import CHROMIUM_ARGS, SiteServer, pages_to_check, require_chromium
from support import build_site


@pytest.fixture(scope="session")
def served_site(tmp_path_factory):
    require_chromium()
    output = tmp_path_factory.mktemp("browser") / "output"
    with SiteServer(output) as server:
        # SITEURL is the test server, so absolute links stay on it.
        built = build_site(output, SITEURL=server.url)
        assert built.ok, f"sample site failed to build:\n{built.stdout}\n{built.stderr}"
        yield server.url, output, pages_to_check(output)


@pytest.fixture(scope="session")
def browser():
    chromium = require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
        yield launched
        launched.close()
