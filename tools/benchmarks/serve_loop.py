"""The edit loop as an author lives it: a real ``invoke serve``, a save, the page over HTTP.

``invoke serve`` runs in its own process on a free port, building the corpus with the
project's settings. Each measured edit is written to a file and timed until the page
that shows it, fetched over HTTP like a browser's reload would, has changed:

- a body edit: a new closing line, until the post's page has it;
- a metadata edit: a new title, until the post's page and the archives list have it;
- a new post, until its page is served; a deleted post, until its page is gone.
"""

from __future__ import annotations

import contextlib
import re
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from .builds import ROOT, BuildFailed

SERVE_TIMEOUT = 900  # seconds for the first full build of a big corpus on a busy machine
EDIT_TIMEOUT = 300
POLL_INTERVAL = 0.01
# The search index of a 4,000-post site takes a few seconds; without one this is all it costs.
SETTLE_TIMEOUT = 60


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def settings_for(content: Path, folder: Path, overrides: dict) -> Path:
    """A settings file that is the project's own, with the corpus as content."""
    lines = [f"exec(open({str(ROOT / 'pelicanconf.py')!r}, encoding='utf-8').read())",
             f"PATH = {str(content)!r}", f"THEME = {str(ROOT / 'theme')!r}",
             f"PLUGIN_PATHS = [{str(ROOT / 'plugins')!r}]"]
    lines += [f"{key} = {value!r}" for key, value in overrides.items()]
    path = folder / "serveconf.py"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode("utf-8", errors="replace")
    except urllib.error.HTTPError as error:
        return error.code, ""
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return 0, ""


def _wait(check, timeout: float, what: str) -> float:
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if check():
            return time.perf_counter() - started
        time.sleep(POLL_INTERVAL)
    raise TimeoutError(f"serve loop: {what} did not happen within {timeout:.0f} s")


def _header(path: Path, key: str) -> str:
    match = re.search(rf"^{key}:\s*(.*)$", path.read_text(encoding="utf-8"), re.MULTILINE)
    return match.group(1).strip() if match else ""


def _set_title(path: Path, title: str) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"^Title:.*$", f"Title: {title}", text, count=1, flags=re.MULTILINE), encoding="utf-8")


class Served:
    """``invoke serve`` in its own process, stopped with Ctrl+C as an author would."""

    def __init__(self, settings: Path, output: Path, log: Path):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}/"
        self.log_path = log
        self.log = log.open("w", encoding="utf-8")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "invoke", "serve", "--port", str(self.port), "--settings", str(settings),
             "--output", str(output)], cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT)

    def page(self, path: str) -> tuple[int, str]:
        if self.process.poll() is not None:
            raise BuildFailed(f"invoke serve stopped with exit code {self.process.returncode}; see {self.log_path}")
        return _fetch(self.base + path)

    def background_done(self) -> int:
        """How many times the search index has been rebuilt after a page was served."""
        self.log.flush()
        text = self.log_path.read_text(encoding="utf-8", errors="replace")
        return len(re.findall(r"^pagefind/ (?:updated|not updated)", text, re.MULTILINE))

    def settle(self, before: int) -> None:
        """Wait for the index after the last save, as an author's next save would come later."""
        # Without an index in this configuration there is nothing to wait for.
        with contextlib.suppress(TimeoutError):
            _wait(lambda: self.background_done() > before, SETTLE_TIMEOUT, "the search index")

    def stop(self) -> None:
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


def measure(post_paths: list[Path], content: Path, workdir: Path, repeat: int, overrides: dict, say) -> dict:
    """Median seconds from save to served page for each kind of edit."""
    folder = workdir / "serve"
    folder.mkdir(parents=True, exist_ok=True)
    served = Served(settings_for(content, folder, overrides), folder / "output", folder / "serve.log")
    try:
        started = time.perf_counter()
        _wait(lambda: served.page("")[0] == 200, SERVE_TIMEOUT, "the first build")
        first = time.perf_counter() - started
        say(f"  invoke serve: first build and serving after {first:.1f} s")
        # The first build's index too comes after its pages: were it still running, the
        # first save would wait for it, and each later wait would be one index behind.
        served.settle(0)
        runs = []
        middle = len(post_paths) // 2
        for run in range(repeat):
            runs.append(_one_run(served, post_paths[middle + 11 * run], content, run))
            say("  serve loop run {}: body {:.2f} s, title {:.2f} s, new {:.2f} s, deleted {:.2f} s".format(
                run + 1, *runs[-1]))
    finally:
        served.stop()
    kinds = ("body_edit", "metadata_edit", "new_post", "deleted_post")
    return {"first_build_seconds": round(first, 3), "log": str(folder / "serve.log"),
            **{kind: _summary([figures[index] for figures in runs]) for index, kind in enumerate(kinds)}}


def _one_run(served: Served, post: Path, content: Path, run: int) -> tuple[float, float, float, float]:
    url = f"posts/{_header(post, 'Slug')}/"
    marker = f"serve-loop-mark-{run}-{time.time_ns()}"
    indexed = served.background_done()
    with post.open("a", encoding="utf-8") as handle:
        handle.write(f"\n{marker}\n")
    body = _wait(lambda: marker in served.page(url)[1], EDIT_TIMEOUT, f"body edit of {post.name}")
    served.settle(indexed)

    indexed = served.background_done()
    title = f"Retitled {marker}"
    _set_title(post, title)
    meta = _wait(lambda: title in served.page(url)[1] and title in served.page("archives/")[1],
                 EDIT_TIMEOUT, f"title edit of {post.name}")
    served.settle(indexed)

    slug = f"serve-loop-new-post-{run}"
    added = content / "posts" / f"{slug}.md"
    added.write_text(f"Title: A post written while serving {run}\nDate: 2026-12-0{run % 9 + 1} 09:00\n"
                     f"Tags: tone\nCategory: Craft\nSlug: {slug}\n\nFresh words.\n", encoding="utf-8")
    indexed = served.background_done()
    new = _wait(lambda: served.page(f"posts/{slug}/")[0] == 200, EDIT_TIMEOUT, "a new post")
    served.settle(indexed)
    indexed = served.background_done()
    added.unlink()
    gone = _wait(lambda: served.page(f"posts/{slug}/")[0] == 404, EDIT_TIMEOUT, "a deleted post")
    served.settle(indexed)
    return body, meta, new, gone


def _summary(values: list[float]) -> dict:
    return {"median_seconds": round(statistics.median(values), 4), "runs": [round(v, 4) for v in values]}
