"""The built sample site served on 127.0.0.1 (built once per test run) and Chromium
(launched once per test module), shared by the browser tests in this folder."""

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


# Per module, not per session: Playwright's sync API keeps an event loop running in
# the main thread while it is open, which later tests calling asyncio.run() cannot share.
@pytest.fixture(scope="module")
def browser():
    chromium = require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
        yield launched
        launched.close()
