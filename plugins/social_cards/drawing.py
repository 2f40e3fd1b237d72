"""Drawing the cards a build needs into the cache: at once, or in a second process.

No Pelican here: this module is what the second process runs.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import tempfile

from .card import render_card

# Pelican loads plugins from PLUGIN_PATHS without putting them on sys.path, so the
# second process is told the folder this package sits in.
PLUGINS_FOLDER = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# A plain interpreter running this module, not multiprocessing: its spawn would run
# the main script of whatever started the build once more in the new process.
SECOND_PROCESS = ("import sys; sys.path.insert(0, sys.argv[1]); "
                  "from social_cards.drawing import draw_listed; draw_listed(sys.argv[2])")


def draw_into_cache(cached: str, title: str, byline: str, site_name: str, fonts: dict) -> None:
    data = render_card(title, byline, site_name, fonts)
    # Written aside and renamed, so a build stopped halfway never leaves half a card.
    with open(f"{cached}.part", "wb") as handle:
        handle.write(data)
    os.replace(f"{cached}.part", cached)


def draw_each(jobs: list[tuple[str, str, str]], site_name: str, fonts: dict) -> list[tuple[int, str]]:
    """Draw each ``(cached file, title, byline)``; ``(position, problem)`` for each that failed."""
    problems = []
    for position, (cached, title, byline) in enumerate(jobs):
        try:
            draw_into_cache(cached, title, byline, site_name, fonts)
        except (OSError, ValueError) as error:
            problems.append((position, f"{type(error).__name__}: {error}"))
    return problems


def draw_listed(jobs_file: str) -> None:
    """The second process: draw the jobs listed in ``jobs_file``, print the problems as JSON."""
    with open(jobs_file, encoding="utf-8") as handle:
        listed = json.load(handle)
    # Read, it is no longer needed: a build killed meanwhile leaves nothing behind.
    os.remove(jobs_file)
    problems = draw_each([tuple(job) for job in listed["jobs"]], listed["site_name"], listed["fonts"])
    print(json.dumps(problems))


class DrawingAside:
    """Cards drawn by a second process while this one renders the pages.

    ``problems()`` waits for them and returns the cards that process could not draw.
    If it could not start or died, the cards it did not leave in the cache are drawn
    here instead, so no card depends on it.
    """

    def __init__(self, jobs: list[tuple[str, str, str]], site_name: str, fonts: dict, scratch: str):
        self.jobs, self._site_name, self._fonts = jobs, site_name, fonts
        self._process: subprocess.Popen | None = None
        self._jobs_file = ""
        try:
            # The list goes through a file: a pipe would hold this process up until the
            # other had started and read it all.
            handle, self._jobs_file = tempfile.mkstemp(prefix=".jobs-", suffix=".json", dir=scratch)
            with os.fdopen(handle, "w", encoding="utf-8") as listing:
                json.dump({"jobs": jobs, "site_name": site_name, "fonts": fonts}, listing)
            self._process = subprocess.Popen([sys.executable, "-c", SECOND_PROCESS, PLUGINS_FOLDER, self._jobs_file],
                                             stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                             stderr=subprocess.PIPE, text=True)
        except OSError:  # no room for the list, no interpreter to start: drawn here instead
            self._process = None

    def problems(self) -> list[tuple[int, str]]:
        found = None
        if self._process is not None:
            out, _ = self._process.communicate()
            if self._process.returncode == 0:
                try:
                    found = [(int(position), str(problem)) for position, problem in json.loads(out)]
                except (ValueError, TypeError):
                    found = None
        self.close()
        if found is not None:
            return found
        # The second process never ran or died: whatever it left undone is drawn here.
        left = [position for position, (cached, _, _) in enumerate(self.jobs) if not os.path.isfile(cached)]
        redrawn = draw_each([self.jobs[position] for position in left], self._site_name, self._fonts)
        return [(left[position], problem) for position, problem in redrawn]

    def close(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.kill()
            self._process.wait()
        self._process = None
        if self._jobs_file:
            # The second process removes it once read; one that never started does not.
            with contextlib.suppress(FileNotFoundError):
                os.remove(self._jobs_file)

    # The build's settings carry this object from drawing to writing, and Pelican's
    # content cache pickles and copies settings: a copy carries no process.
    def __deepcopy__(self, memo):
        return self

    def __getstate__(self):
        return {"jobs": [], "_site_name": "", "_fonts": {}, "_process": None, "_jobs_file": ""}
