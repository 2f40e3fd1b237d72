"""Work a plugin may leave until a build's pages are being served (``invoke serve`` only).

Under ``invoke serve`` an author waits for the page they saved, not for the search
index. A plugin that rewrites a whole folder of the site from the finished pages
(the Pagefind index) can hand that work to the session instead of doing it at the
end of the build: the build carries the folder over from the served site, so nothing
is missing meanwhile, and the session reruns the work on the new site in the
background, swapping the fresh folder in when it is done.

Plain builds (``invoke build``, ``publish``, tests) have no such object in their
settings and do all their work before the site is swapped in.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from service_voices.output_files import link_or_copy

# The build setting that carries the session's object; plugins look for it.
DEFERRED_WORK_SETTING = "SERVE_DEFERRED_WORK"

# ``work(site, into)`` writes the folder afresh as ``site/into``; it returns a problem or None.
Work = Callable[[Path, str], "str | None"]


@dataclass
class DeferredWork:
    tasks: list[tuple[str, Work]] = field(default_factory=list)  # (folder in the site, work)

    def add(self, folder: str, work: Work) -> None:
        self.tasks.append((folder.strip("/"), work))

    def carry_over(self, served: Path, staging: Path) -> None:
        """Link each deferred folder of the served site into the new build, for the meantime."""
        for folder, _ in self.tasks:
            source, target = served / folder, staging / folder
            if source.is_dir() and not target.exists():
                shutil.copytree(source, target, copy_function=link_or_copy)

    def run(self, site: Path) -> list[str]:
        """Do each task on the served site; a line for the log per task."""
        lines = []
        for folder, work in self.tasks:
            started = time.perf_counter()
            fresh = Path(tempfile.mkdtemp(prefix=f".{folder.replace('/', '-')}.next-", dir=site))
            problem = work(site, fresh.name)
            if problem:
                shutil.rmtree(fresh, ignore_errors=True)
                lines.append(f"{folder}/ not updated: {problem}")
                continue
            _swap_folder(fresh, site / folder)
            lines.append(f"{folder}/ updated in {time.perf_counter() - started:.2f} s")
        return lines

    def __deepcopy__(self, memo):
        return self  # settings are copied on the way into Pelican; the tasks must reach the session


def _swap_folder(fresh: Path, target: Path) -> None:
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.old-{os.getpid()}-{time.monotonic_ns()}")
        os.replace(target, old)
    os.replace(fresh, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
