"""A small site with two posts, the real service in front of it, and helpers to act as
a commenter, a moderator and a browser would."""

from __future__ import annotations

import json
import re
import shlex
import sys
import threading
import time
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl

import httpx
from bs4 import BeautifulSoup
from support import ROOT, build_site, write

AUTHOR_EMAIL = "jenny@voices.example"


def responses_content(root: Path, linked_page: str = "https://example.com/") -> Path:
    write(root / "posts" / "who-gets-it.md", f"""
        Title: Customer service – who gets it?
        Date: 2026-01-05 09:00
        Authors: Jenny Park
        Category: Craft
        Tags: tone
        Slug: who-gets-it

        A post readers answer. It links to [another site]({linked_page}).
        """)
    write(root / "posts" / "closed.md", """
        Title: A post with comments off
        Date: 2026-01-06 09:00
        Authors: Jenny Park
        Category: Craft
        Comments: off
        Slug: closed

        Nobody can comment here.
        """)
    (root / "pages").mkdir(exist_ok=True)
    return root


def service_settings(folder: Path, site_url: str) -> dict:
    return {
        "SITEURL": site_url,
        "RESPONSES_POSTS_FILE": str(folder / "responses-posts.json"),
        "RESPONSES_MODERATORS": {"Jenny Park": AUTHOR_EMAIL},
        "RESPONSES_MIN_SECONDS": 1,
        "RESPONSES_WEBMENTION_ALLOW_PRIVATE": True,
        "RESPONSES_WEBMENTION_TIMEOUT": 3,
        "RESPONSES_CLIENT_LIMIT": 40,
        "RESPONSES_EMAIL_LIMIT": 3,
    }


def publish_command(folder: Path, content: Path, site_url: str) -> str:
    """What an operator sets as RESPONSES_PUBLISH_COMMAND: a real build, here into folder/published."""
    overrides = {**service_settings(folder, site_url), "PATH": str(content), "NEWSLETTER_DB": str(folder / "db.db"),
                 "CACHE_PATH": str(folder / "published-cache")}
    args = [sys.executable, "-m", "service_voices.site.build", "--settings", str(ROOT / "pelicanconf.py"),
            "--output", str(folder / "published")]
    for key, value in overrides.items():
        args += ["--set", f"{key}={json.dumps(value)}"]
    return shlex.join(args)


def build(folder: Path, content: Path, service, site_url: str, name: str = "site"):
    settings = service_settings(folder, site_url)
    built = build_site(folder / name, content, NEWSLETTER_DB=str(service.db_path),
                       NEWSLETTER_SERVICE_URL=service.url, **settings)
    assert built.ok, built.stderr + built.stdout
    return built


def preview(service, client: str = "127.0.0.1", **fields) -> httpx.Response:
    data = {"post": "posts/who-gets-it/", "name": "Ana Ruiz", "email": "ana@example.org", "website": "",
            "comment": "Thank you.", **fields}
    return httpx.post(f"{service.url}/comment", data=data, headers={"X-Forwarded-For": client})


def stamp_of(page: httpx.Response) -> dict:
    """The hidden fields of the preview page, as the browser sends them back."""
    form = BeautifulSoup(page.text, "lxml").find("form")
    return {field["name"]: field.get("value", "") for field in form.find_all("input", {"type": "hidden"})}


def comment(service, wait: float = 1.1, **fields) -> httpx.Response:
    """Preview, read it for a moment as a person would, then send."""
    shown = preview(service, **fields)
    assert shown.status_code == 200, shown.text
    time.sleep(wait)
    return httpx.post(f"{service.url}/comment", data=stamp_of(shown))


def link_in(mail, path: str) -> str:
    return re.search(rf"(http://127\.0\.0\.1:\d+/{path}\?token=\S+)", mail.get_content()).group(1)


def press_button(link: str) -> httpx.Response:
    """Open the link (a page, nothing changes) and press its button."""
    page = httpx.get(link)
    assert page.status_code == 200, page.text
    form = BeautifulSoup(page.text, "lxml").find("form")
    token = form.find("input", {"name": "token"})["value"]
    return httpx.post(str(httpx.URL(link).join(form["action"])), data={"token": token})


def mail_count(sink, recipient: str) -> int:
    return len(sink.to(recipient))


def wait_for_nth(sink, recipient: str, n: int, timeout: float = 20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        mails = sink.to(recipient)
        if len(mails) >= n:
            return mails[n - 1]
        time.sleep(0.05)
    raise AssertionError(f"mail number {n} to {recipient} did not come")


@contextmanager
def static_site(folder: Path):
    """A second site: plain files served over HTTP on a loopback port."""
    folder.mkdir(parents=True, exist_ok=True)
    handler = partial(_QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", _QuietHandler.received
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(SimpleHTTPRequestHandler):
    """Files by GET; a POST to /endpoint is a webmention receiver that records what it got."""

    received: list = []

    def log_message(self, *args):
        pass

    def do_POST(self):
        length = int(self.headers.get("content-length") or 0)
        body = self.rfile.read(length).decode("utf-8")
        if self.path != "/endpoint":
            self.send_error(404)
            return
        _QuietHandler.received.append(dict(parse_qsl(body)))
        self.send_response(202)
        self.send_header("Content-Length", "0")
        self.end_headers()
