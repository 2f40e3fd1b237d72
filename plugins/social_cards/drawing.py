"""Drawing the cards a build needs into the cache: at once, or in a second process.

No Pelican here: this module is what the second process imports.
"""

from __future__ import annotations

import multiprocessing
import os
import site
from concurrent.futures import Future, ProcessPoolExecutor

from .card import render_card

# Cards cross to the second process in batches: a round trip per card would cost about
# what the card itself costs.
BATCH = 32
# Pelican loads plugins from PLUGIN_PATHS without putting them on sys.path, so the
# second process is given the folder this package sits in.
PLUGINS_FOLDER = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


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


class DrawingAside:
    """Cards drawn by a second process while this one renders the pages.

    ``problems()`` waits for them. A batch the second process could not take (it could
    not start, or it died) is drawn here instead, so the cards never depend on it.
    """

    def __init__(self, jobs: list[tuple[str, str, str]], site_name: str, fonts: dict):
        self.jobs, self._site_name, self._fonts = jobs, site_name, fonts
        self._batches: list[tuple[int, Future | None]] = []
        self._pool: ProcessPoolExecutor | None = None
        try:
            # spawn, not fork: a serve process has threads, and a fork copies their locks.
            self._pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                                             initializer=site.addsitedir, initargs=(PLUGINS_FOLDER,))
            for start in range(0, len(jobs), BATCH):
                self._batches.append((start, self._pool.submit(draw_each, jobs[start:start + BATCH],
                                                               site_name, fonts)))
        except (OSError, RuntimeError):
            submitted = {start for start, _ in self._batches}
            self._batches += [(start, None) for start in range(0, len(jobs), BATCH) if start not in submitted]

    def problems(self) -> list[tuple[int, str]]:
        found: list[tuple[int, str]] = []
        for start, future in self._batches:
            batch = self.jobs[start:start + BATCH]
            try:
                failed = future.result() if future is not None else None
            except Exception:  # whatever went wrong over there, the batch is drawn here
                failed = None
            if failed is None:
                failed = draw_each(batch, self._site_name, self._fonts)
            found += [(start + position, problem) for position, problem in failed]
        self.close()
        return found

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    # The build's settings carry this object from drawing to writing, and Pelican's
    # content cache pickles and copies settings: a copy carries no process.
    def __deepcopy__(self, memo):
        return self

    def __getstate__(self):
        return {"jobs": [], "_site_name": "", "_fonts": {}, "_batches": [], "_pool": None}
