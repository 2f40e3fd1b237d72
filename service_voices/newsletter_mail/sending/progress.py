"""The terminal progress bar for a send (quiet when output is not a terminal)."""

from __future__ import annotations

import sys
import time

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

from .summary import Summary


class SendProgress:
    def __init__(self, label: str, stream=None):
        stream = stream or sys.stderr
        self.progress = Progress(
            TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
            TextColumn("{task.fields[detail]}"), TimeElapsedColumn(), TimeRemainingColumn(),
            console=Console(file=stream), disable=not stream.isatty(), transient=False)
        self.task = None
        self.label = label
        self.last_update = 0.0

    def __enter__(self):
        self.progress.start()
        return self

    def __exit__(self, *exc):
        self.progress.stop()

    def __call__(self, summary: Summary) -> None:
        # Redrawing ten times a second is plenty; updating per message would cost
        # a noticeable share of a fast send.
        now = time.monotonic()
        if self.task is not None and now - self.last_update < 0.1 and summary.done < summary.total:
            return
        self.last_update = now
        detail = (f"{summary.rate_text}, {summary.failed} failed, {summary.skipped} skipped, "
                  f"{summary.deferred} deferred, {summary.uncertain} uncertain")
        if self.task is None:
            self.task = self.progress.add_task(self.label, total=summary.total or None, detail=detail)
        self.progress.update(self.task, completed=summary.done, detail=detail)
