"""Without Chromium the browser checks skip on an author's machine, and fail in CI."""

from __future__ import annotations

import os
import subprocess
import sys

from support import ROOT


def run_browser_check(ci: bool) -> subprocess.CompletedProcess:
    environment = {key: value for key, value in os.environ.items() if key != "CI"}
    environment["CHROMIUM_PATH"] = "/nonexistent/chromium"
    if ci:
        environment["CI"] = "true"
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider",
         "tests/browser/test_browser_pages.py::test_search_page_without_javascript_points_elsewhere"],
        cwd=ROOT, capture_output=True, text=True, timeout=120, env=environment)


def test_missing_chromium_skips_with_install_hint_outside_ci():
    done = run_browser_check(ci=False)
    assert done.returncode == 0, done.stdout
    assert "1 skipped" in done.stdout
    assert "install it with: sudo apt-get install chromium" in done.stdout


def test_missing_chromium_fails_in_ci():
    done = run_browser_check(ci=True)
    assert done.returncode == 1, done.stdout
    assert "CI is set, so the browser checks must run" in done.stdout
