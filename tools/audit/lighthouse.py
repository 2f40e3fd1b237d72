"""Run Lighthouse 12 on one page with the system Chromium and read its four scores."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
LIGHTHOUSE_VERSION = "12.8.2"
CHROME_FLAGS = ("--headless --no-sandbox --disable-gpu --disable-background-networking "
                "--disable-component-update --disable-sync --no-first-run")


@dataclass
class Scores:
    performance: int | None
    accessibility: int | None
    best_practices: int | None
    seo: int | None

    def as_row(self) -> list[str]:
        return ["-" if value is None else str(value) for value in
                (self.performance, self.accessibility, self.best_practices, self.seo)]


def scores_from_report(report: dict) -> Scores:
    """The four category scores, 0-100, from a Lighthouse JSON report."""
    def score(name):
        value = report.get("categories", {}).get(name, {}).get("score")
        return None if value is None else round(value * 100)

    return Scores(*(score(name) for name in CATEGORIES))


def lighthouse_command(project: Path) -> list[str] | None:
    """The project's pinned lighthouse, else npx fetching that exact version; None without Node."""
    local = project / "node_modules" / ".bin" / "lighthouse"
    if local.is_file():
        return [str(local)]
    npx = shutil.which("npx")
    if npx:
        return [npx, "--yes", f"lighthouse@{LIGHTHOUSE_VERSION}"]
    return None


def run_lighthouse(command: list[str], url: str, report_path: Path, chrome: Path,
                   desktop: bool = False) -> tuple[Scores | None, str]:
    args = command + [
        url, "--output=json", f"--output-path={report_path}", "--quiet",
        f"--chrome-flags={CHROME_FLAGS}",
        f"--only-categories={','.join(CATEGORIES)}",
    ]
    if desktop:
        args.append("--preset=desktop")
    environment = dict(os.environ, CHROME_PATH=str(chrome))
    try:
        done = subprocess.run(args, capture_output=True, text=True, timeout=300, env=environment)
    except (OSError, subprocess.TimeoutExpired) as error:
        return None, f"lighthouse could not run: {error}"
    if done.returncode != 0 or not report_path.is_file():
        last = next((line for line in reversed((done.stderr or done.stdout).splitlines()) if line.strip()), "")
        return None, f"lighthouse exited with {done.returncode}: {last.strip()}"
    report = json.loads(report_path.read_text(encoding="utf-8"))
    if report.get("runtimeError"):
        return None, f"lighthouse: {report['runtimeError'].get('message', 'runtime error')}"
    return scores_from_report(report), ""
