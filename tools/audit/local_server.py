"""Serve a built site on 127.0.0.1 over real HTTP, for the browser tests and the audit."""

from __future__ import annotations

import functools
import http.server
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from invoke import Exit


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


class SiteServer:
    """A server on a free port. The folder may be (re)built after the server starts:
    the site must be built with SITEURL = ``server.url`` so absolute links stay here."""

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


@contextmanager
def served_sample_site(root: Path, name: str, purpose: str) -> Iterator[tuple[SiteServer, Path, Path]]:
    """The sample site built into a scratch folder with SITEURL = a local server's address.

    Yields the running server, the built output and the scratch folder; a failed build
    stops the command in one line saying there is nothing to ``purpose``.
    """
    from service_voices.site import build as site_build

    with tempfile.TemporaryDirectory(prefix=f"{name}-") as scratch:
        output = Path(scratch) / "output"
        with SiteServer(output) as server:
            built = site_build.build(root / "pelicanconf.py", output, {"SITEURL": server.url})
            if not built.ok:
                raise Exit(f"Build failed with {len(built.errors)} error(s); nothing to {purpose}.", code=1)
            yield server, output, Path(scratch)
