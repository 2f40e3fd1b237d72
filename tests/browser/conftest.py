"""Fixtures of the browser tests."""

import pytest
from browser_support import CHROMIUM_ARGS, require_chromium


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium (the system's), one per test module."""
    chromium = require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
        yield launched
        launched.close()
