"""Run the Pagefind command-line indexer over a finished output folder."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path


@dataclass
class IndexResult:
    ok: bool
    pages: int
    message: str


def pagefind_executable() -> Path | None:
    """The binary shipped by the ``pagefind[bin]`` wheel, or None if it is missing."""
    try:
        from pagefind_bin import get_executable
    except ImportError:
        return None
    try:
        return get_executable()
    except FileNotFoundError:
        return None


_INDEXED = re.compile(r"Indexed (\d+) pages?")


def index_site(site: Path, bundle_dir: str, executable: Path | None = None) -> IndexResult:
    executable = executable or pagefind_executable()
    if executable is None:
        return IndexResult(False, 0, "the pagefind binary is missing; run: .venv/bin/pip install 'pagefind[bin]'")
    command = [str(executable), "--site", str(site), "--output-subdir", bundle_dir]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    except (OSError, subprocess.TimeoutExpired) as error:
        return IndexResult(False, 0, f"pagefind could not run: {error}")
    log = done.stdout + done.stderr
    if done.returncode != 0 and re.search(r"Indexed 0 pages", log):
        # Pagefind refuses an empty index; a site with no searchable text yet is not broken.
        return IndexResult(True, 0, "no pages with searchable text")
    if done.returncode != 0:
        last = next((line.strip() for line in reversed(log.splitlines()) if line.strip()), "no output")
        return IndexResult(False, 0, f"pagefind exited with {done.returncode}: {last}")
    found = _INDEXED.search(log)
    pages = int(found.group(1)) if found else 0
    return IndexResult(True, pages, f"indexed {pages} page(s)")
