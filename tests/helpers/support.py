"""Helpers shared by the tests: build real sites into temporary folders and read them."""

from __future__ import annotations

import json
import shutil
import struct
import subprocess
import sys
import textwrap
import zlib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup

from service_voices.newsletter_common import default_mail_folder

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_CONTENT = ROOT / "content"
PYTHON = sys.executable


@dataclass
class Built:
    returncode: int
    stdout: str
    stderr: str
    output: Path

    @property
    def ok(self) -> bool:
        return self.returncode == 0

    @property
    def mail(self) -> Path:
        """The newsletter's mail files (message.eml, email.html...), kept beside the output."""
        return default_mail_folder(self.output)

    def html(self, relative: str) -> BeautifulSoup:
        return BeautifulSoup((self.output / relative).read_text(encoding="utf-8"), "lxml")

    def text(self, relative: str) -> str:
        return (self.output / relative).read_text(encoding="utf-8")

    def mail_html(self, relative: str) -> BeautifulSoup:
        return BeautifulSoup((self.mail / relative).read_text(encoding="utf-8"), "lxml")

    def stylesheet_hrefs(self, relative: str) -> list[str]:
        return [link["href"] for link in self.html(relative).select('head link[rel~="stylesheet"]')]

    def stylesheets(self, relative: str) -> str:
        """The text of every stylesheet the page links, read from the output as a browser would."""
        texts = []
        for href in self.stylesheet_hrefs(relative):
            # Relative to the page, as a browser resolves it (the theme links it so).
            path = urlsplit(urljoin(f"http://site.invalid/{relative}", href)).path.lstrip("/")
            texts.append((self.output / path).read_text(encoding="utf-8"))
        return "\n".join(texts)


def build_site(output: Path, content: Path | None = None, settings: str = "pelicanconf.py", **overrides) -> Built:
    """Build with the real settings (plus overrides) in a separate Python process.

    A separate process matters: Pelican plugins connect to process-wide signals, so a
    build with a plugin switched off must not share a process with one that had it on.
    """
    if content is not None:
        overrides.setdefault("PATH", str(content))
    overrides.setdefault("CACHE_PATH", str(Path(output).parent / f"{Path(output).name}-cache"))
    args = [PYTHON, "-m", "service_voices.site.build", "--settings", str(ROOT / settings), "--output", str(output)]
    for key, value in overrides.items():
        args += ["--set", f"{key}={json.dumps(value)}"]
    done = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=600)
    return Built(done.returncode, done.stdout, done.stderr, Path(output))


def copy_sample_content(target: Path) -> Path:
    """A private copy of the sample content that a test may change freely."""
    shutil.copytree(SAMPLE_CONTENT, target)
    return target


def write(path: Path, text: str) -> Path:
    """Write dedented text, creating folders; returns the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def minimal_content(root: Path) -> Path:
    """A tiny content folder with one ordinary post, for tests that add their own files."""
    write(root / "posts" / "hello.md", """
        Title: Hello
        Date: 2026-01-05 09:00
        Authors: Jenny Park
        Category: Craft
        Tags: tone

        A plain first post.
        """)
    (root / "pages").mkdir(exist_ok=True)
    return root


def add_thanks_page(content: Path) -> Path:
    """The hidden sign-up thank-you page the sample has, so a small site builds without
    newsletter_signup's warning that the form leads nowhere; returns ``content``."""
    write(content / "pages" / "newsletter-thanks.md", """
        Title: Thanks
        Slug: newsletter-thanks
        Status: hidden

        Check your inbox.
        """)
    return content


def tiny_png(width: int, height: int) -> bytes:
    """A valid greyscale PNG of the given size, for tests that need a real image file."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = b"".join(b"\x00" + b"\x00" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))
