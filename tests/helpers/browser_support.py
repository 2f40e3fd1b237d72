"""Shared by the browser, HTML-validity and link tests: find the checkers, serve a
built site over real HTTP, and name the pages every check visits.

In CI (the CI environment variable is set) a missing checker fails the test run;
on an author's machine it skips the test and says what to install.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tools.audit.key_pages import NAMES as PAGE_NAMES  # noqa: F401
from tools.audit.key_pages import key_pages as pages_to_check  # noqa: F401
from tools.audit.local_server import SiteServer  # noqa: F401

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def missing(what: str, install: str) -> None:
    """Fail in CI, skip elsewhere, naming what to install."""
    message = f"{what} is missing; install it with: {install}"
    if os.environ.get("CI"):
        pytest.fail(f"{message} (CI is set, so the browser checks must run)")
    pytest.skip(message)


def require_chromium() -> Path:
    if not CHROMIUM.is_file():
        missing(f"Chromium ({CHROMIUM})", "sudo apt-get install chromium")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing("the playwright Python package", ".venv/bin/pip install -e .")
    if not AXE.is_file():
        missing("axe-core (node_modules/axe-core)", "npm install")
    return CHROMIUM


def require_vnu() -> tuple[str, Path]:
    java = shutil.which("java")
    if not java:
        missing("Java", "sudo apt-get install default-jre-headless")
    if not VNU.is_file():
        missing("the Nu HTML checker (node_modules/vnu-jar)", "npm install")
    return java, VNU


# Who builds each page, so a failure says whose work it is.
OWNERS = {
    "interview": "conversations plugin",
    "dialogue": "conversations plugin",
    "transcript": "conversations plugin",
    "white paper": "whitepapers plugin",
    "series landing": "series plugin",
    "series part": "series plugin",
    "newsletter web version": "newsletter plugin",
    "search": "site_search plugin",
}


def page_url(served_site, name: str) -> str:
    url, output, pages = served_site
    path = pages[name]
    owner = OWNERS.get(name, "theme")
    if path is None:
        pytest.fail(f"no {name} page in the output (expected from the {owner})")
    if not (output / path / "index.html").is_file():
        pytest.fail(f"{name} page {path} is not in the output (expected from the {owner})")
    return f"{url}/{path}"


class PageProblems:
    """Console errors, uncaught exceptions and failed or refused requests of one page."""

    def __init__(self, page):
        self.items: list[str] = []
        page.on("console", lambda msg: msg.type == "error" and self.items.append(f"console: {msg.text}"))
        page.on("pageerror", lambda error: self.items.append(f"exception: {error}"))
        page.on("requestfailed", lambda request: self.items.append(
            f"request failed: {request.url} ({request.failure})"))
        page.on("response", lambda response: response.status >= 400 and self.items.append(
            f"HTTP {response.status}: {response.url}"))
