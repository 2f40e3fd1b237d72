"""Render a white paper's print HTML to PDF bytes with WeasyPrint; no Pelican imports.

WeasyPrint is imported only when a PDF is wanted, because it needs Pango from the
system and a site built with ``WHITEPAPER_PDF = False`` must not depend on it.
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

# What Debian needs for WeasyPrint to lay out text (kept in .ci/apt-packages.txt too).
SYSTEM_PACKAGES = ("libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz-subset0", "fonts-dejavu-core")
DEFAULT_VARIANT = "pdf/ua-1"

_REFERENCE = re.compile(r"""(?:\bsrc\s*=\s*["']|url\(\s*["']?)([^"')\s]+)""", re.IGNORECASE)


def missing_support(import_module=importlib.import_module) -> str | None:
    """Explain, in one line, what to install when WeasyPrint cannot run; None when it can."""
    try:
        import_module("weasyprint")
    except ImportError as error:
        return (f"white-paper PDFs need the WeasyPrint package ({error}); "
                "run `make setup` or `.venv/bin/pip install -e .`, or set WHITEPAPER_PDF = False")
    except OSError as error:
        first_line = (str(error).strip().splitlines() or ["a system library is missing"])[0]
        return (f"white-paper PDFs need Pango, HarfBuzz and fonts from the system ({first_line}); "
                f"install them with: sudo apt-get install {' '.join(SYSTEM_PACKAGES)} "
                "(or set WHITEPAPER_PDF = False to build without PDFs)")
    return None


def site_url_path(url: str, site_url: str) -> str | None:
    """The path of ``url`` inside the site ("images/a.svg"), or None when it points elsewhere."""
    root = site_url.rstrip("/") + "/"
    if not url.startswith(root):
        return None
    return unquote(urlsplit(url[len(root):]).path)


def referenced_files(html: str, site_url: str, files: dict[str, str]) -> list[str]:
    """Local files behind the site URLs that ``html`` embeds (images, photos), sorted.

    A change to one of them must invalidate a cached PDF even though the HTML is the same.
    """
    found = set()
    for match in _REFERENCE.finditer(html):
        path = site_url_path(match.group(1), site_url)
        if path is not None and path in files:
            found.add(files[path])
    return sorted(found)


def make_url_fetcher(site_url: str, files: dict[str, str]):
    """A WeasyPrint URL fetcher that reads the site's own files from disk.

    ``files`` maps paths inside the site ("images/a.svg") to files on disk. Nothing is
    fetched over the network: the build stays offline and repeatable, and a missing or
    external resource becomes a warning instead of a hang.
    """
    from weasyprint.urls import URLFetcher

    class SiteFileFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            scheme = url.split(":", 1)[0].lower()
            if scheme in ("data", "file"):
                return super().fetch(url, headers)
            path = site_url_path(url, site_url)
            if path is None:
                raise ValueError(f"{url} is not a file of this site; the PDF leaves it out")
            if path not in files:
                raise FileNotFoundError(f"{url} was not found among the site's files")
            return super().fetch(Path(files[path]).resolve().as_uri(), headers)

    return SiteFileFetcher()


class _Capture(logging.Filter):
    """Keep WeasyPrint's messages for the caller instead of letting them reach the build log.

    WeasyPrint reports a missing image as an error; for a white paper that is only a
    warning (the PDF still renders), so the caller decides how loudly to report it.
    """

    def __init__(self, messages: list[str]):
        super().__init__()
        self.messages = messages

    def filter(self, record):
        if record.levelno >= logging.WARNING:
            message = " ".join(record.getMessage().split())
            self.messages.append(message)
        return False


@contextlib.contextmanager
def _captured_weasyprint_messages(messages: list[str]):
    logger = logging.getLogger("weasyprint")
    capture = _Capture(messages)
    logger.addFilter(capture)
    try:
        yield
    finally:
        logger.removeFilter(capture)


def render_pdf(html: str, base_url: str, stylesheets=(), *, url_fetcher=None,
               variant: str | None = DEFAULT_VARIANT, problems: list[str] | None = None) -> bytes:
    """Render one paper's print HTML to PDF bytes.

    ``stylesheets`` are file paths of print CSS. ``problems`` (a list) receives
    WeasyPrint's warnings, such as images that could not be loaded; they never stop
    the rendering. Raises ImportError/OSError when WeasyPrint or Pango is missing
    (check with ``missing_support()`` first).
    """
    from weasyprint import CSS, HTML

    messages = problems if problems is not None else []
    with _captured_weasyprint_messages(messages):
        document = HTML(string=html, base_url=base_url, url_fetcher=url_fetcher)
        sheets = [CSS(filename=str(path), url_fetcher=url_fetcher) for path in stylesheets]
        return document.write_pdf(stylesheets=sheets, pdf_variant=variant)
