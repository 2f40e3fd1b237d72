"""`invoke screenshots`: build the site, serve it locally and photograph each key page."""

from __future__ import annotations

import os
from pathlib import Path

from invoke import Exit, task

from tools.audit.key_pages import key_pages
from tools.audit.local_server import served_sample_site

from .shots import HEIGHT, planned_shots

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]


@task(help={"folder": "where the PNG files go (default: screenshots/; created, files replaced)"})
def screenshots(c, folder="screenshots"):
    """Full-page screenshots of every key page at 375 and 1280 px, light and dark."""
    chromium = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
    if not chromium.is_file():
        raise Exit(f"Chromium not found at {chromium}: sudo apt-get install chromium (or set CHROMIUM_PATH)", code=2)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise Exit("the playwright package is missing: .venv/bin/pip install -e '.[test]'", code=2) from None
    target = Path(folder) if Path(folder).is_absolute() else ROOT / folder
    target.mkdir(parents=True, exist_ok=True)

    with served_sample_site(ROOT, "screenshots", "photograph") as (server, output, _):
        shots = planned_shots(key_pages(output))
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
            try:
                for shot in shots:
                    context = browser.new_context(viewport={"width": shot.width, "height": HEIGHT},
                                                  color_scheme=shot.scheme)
                    page = context.new_page()
                    page.goto(f"{server.url}/{shot.path}", wait_until="networkidle")
                    page.screenshot(path=str(target / shot.file_name), full_page=True)
                    context.close()
            finally:
                browser.close()
    print(f"{len(shots)} screenshots in {target}")
