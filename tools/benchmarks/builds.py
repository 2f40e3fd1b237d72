"""Run one site build in its own Python process and measure it.

Each build is ``python -m service_voices.site.build`` with the real ``pelicanconf.py`` plus
``--set`` overrides, exactly as the tests build sites. A separate process per build
keeps plugin signals from leaking between configurations, and lets the operating
system report the peak memory of that build alone (``wait4`` rusage of the child).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
_DONE_LINE = re.compile(r"Built the site into .* in ([0-9.]+) s \((\d+) warning")


class BuildFailed(RuntimeError):
    """A benchmark build exited non-zero; the message carries the end of its log."""


@dataclass(frozen=True)
class BuildRun:
    seconds: float  # Pelican's own build time, as reported by service_voices.site.build
    wall_seconds: float  # the whole child process, interpreter start-up included
    cpu_seconds: float  # user + system time of the child process
    peak_rss_mib: float  # maximum resident set size of the child process
    warnings: int

    def as_dict(self) -> dict:
        return {
            "seconds": round(self.seconds, 4),
            "wall_seconds": round(self.wall_seconds, 4),
            "cpu_seconds": round(self.cpu_seconds, 4),
            "peak_rss_mib": round(self.peak_rss_mib, 1),
            "warnings": self.warnings,
        }


def build_once(content: Path, output: Path, overrides: dict, log: Path,
               settings: Path = ROOT / "pelicanconf.py", project: Path = ROOT) -> BuildRun:
    """Build ``content`` into ``output`` with ``overrides``; raise BuildFailed on error.

    ``project`` is the checkout whose sitetools and plugins/ build it (another copy of
    the project can be compared against this one).
    """
    overrides = {"PATH": str(content), **overrides}
    args = [sys.executable, "-m", "service_voices.site.build", "--settings", str(settings), "--output", str(output)]
    for key, value in overrides.items():
        args += ["--set", f"{key}={json.dumps(value)}"]
    code, wall, usage = _run_measured(args, project, log)
    text = log.read_text(encoding="utf-8", errors="replace")
    match = _DONE_LINE.search(text)
    if code != 0 or not match:
        tail = "\n".join(text.strip().splitlines()[-8:])
        raise BuildFailed(f"build of {content} exited with {code}; see {log}:\n{tail}")
    return BuildRun(
        seconds=float(match.group(1)),
        wall_seconds=wall,
        cpu_seconds=usage.ru_utime + usage.ru_stime,
        peak_rss_mib=usage.ru_maxrss / 1024,  # Linux reports KiB
        warnings=int(match.group(2)),
    )


def _run_measured(args: list[str], cwd: Path, log: Path):
    """Run ``args`` with its output in ``log``; its exit code, wall seconds and own rusage."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("w", encoding="utf-8") as handle:
        started = time.perf_counter()
        process = subprocess.Popen(args, cwd=cwd, stdout=handle, stderr=subprocess.STDOUT)
        # wait4 instead of wait: it returns this child's own rusage, so the peak
        # memory belongs to this build and not to every child the benchmark ran.
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
    return os.waitstatus_to_exitcode(status), wall, usage


def invoke_build_once(settings: Path, output: Path, log: Path) -> BuildRun:
    """``invoke build`` as an author runs it (it may find nothing to build); wall time is its time."""
    args = [sys.executable, "-m", "invoke", "build", "--settings", str(settings), "--output", str(output)]
    code, wall, usage = _run_measured(args, ROOT, log)
    if code != 0:
        tail = "\n".join(log.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-8:])
        raise BuildFailed(f"invoke build with {settings} failed; see {log}:\n{tail}")
    return BuildRun(seconds=wall, wall_seconds=wall, cpu_seconds=usage.ru_utime + usage.ru_stime,
                    peak_rss_mib=usage.ru_maxrss / 1024, warnings=0)
