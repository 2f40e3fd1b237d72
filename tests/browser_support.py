"""Shared by the browser, HTML-validity and link tests: find the checkers, serve a
built site over real HTTP, and name the pages every check visits.

In CI (the CI environment variable is set) a missing checker fails the test run;
on an author's machine it skips the test and says what to install.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

# Fixed pages, relative to the site root, and who builds them.
PAGES = {
    "home": "",
    "article": "posts/why-we-stopped-measuring-handle-time/",
    "interview": "posts/practitioner-interview-ana-ruiz/",
    "dialogue": "posts/making-it-stick/",
    "white paper": "posts/the-essential-customer-service-white-paper/",
    "tag page": "tags/metrics/",
    "search": "search/",
}
# Pages whose slug depends on content: the first series landing page and newsletter
# web version found in the output.
DISCOVERED = {"series landing": "series", "newsletter web version": "newsletter"}


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


def discover(output: Path, folder: str) -> str | None:
    """The first landing page under output/<folder>/, as a site-relative URL."""
    base = output / folder
    if not base.is_dir():
        return None
    for child in sorted(base.iterdir()):
        if (child / "index.html").is_file() and child.name != "page":
            return f"{folder}/{child.name}/"
    return None


def pages_to_check(output: Path) -> dict[str, str | None]:
    pages = dict(PAGES)
    for name, folder in DISCOVERED.items():
        pages[name] = discover(output, folder)
    return pages


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


class SiteServer:
    """An HTTP server on 127.0.0.1 and a free port, serving one folder."""

    def __init__(self, folder: Path):
        handler = functools.partial(_QuietHandler, directory=str(folder))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
