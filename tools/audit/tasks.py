"""`invoke audit`: Lighthouse scores for the pages readers meet most."""

from __future__ import annotations

import os
from pathlib import Path

from invoke import Exit, task

from .key_pages import key_pages
from .lighthouse import lighthouse_command, run_lighthouse
from .local_server import served_sample_site

ROOT = Path(__file__).resolve().parents[2]


@task(help={
    "desktop": "score with Lighthouse's desktop preset instead of the default mobile one",
    "fail_under": "exit non-zero when any score is below this (0-100; default: never)",
})
def audit(c, desktop=False, fail_under=0):
    """Build the site, serve it locally and print Lighthouse's four scores for the key pages."""
    chrome = Path(os.environ.get("CHROME_PATH", "/usr/bin/chromium"))
    if not chrome.is_file():
        raise Exit(f"Chromium not found at {chrome}: sudo apt-get install chromium (or set CHROME_PATH)", code=2)
    command = lighthouse_command(ROOT)
    if command is None:
        raise Exit("Lighthouse needs Node.js 20: install Node.js, then run npm install", code=2)

    with served_sample_site(ROOT, "audit", "audit") as (server, output, scratch):
        rows, failures = [], []
        for name, path in key_pages(output).items():
            if path is None or not (output / path / "index.html").is_file():
                failures.append(f"{name}: not in the output")
                continue
            print(f"Auditing {name} ({path or '/'})...", flush=True)
            scores, problem = run_lighthouse(command, f"{server.url}/{path}",
                                             scratch / f"report-{len(rows)}.json", chrome, desktop)
            if scores is None:
                failures.append(f"{name}: {problem}")
                continue
            rows.append([name, *scores.as_row()])

    header = ["page", "performance", "accessibility", "best practices", "SEO"]
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
    print(f"\nLighthouse 12 ({'desktop' if desktop else 'mobile'}):")
    for row in [header, *rows]:
        print("  " + "  ".join(str(cell).ljust(width) for cell, width in zip(row, widths)))
    for failure in failures:
        print(f"  could not audit {failure}")
    low = [row for row in rows if any(cell != "-" and int(cell) < int(fail_under) for cell in row[1:])]
    if failures or low:
        raise Exit(f"{len(failures)} page(s) not audited, {len(low)} below {fail_under}.", code=1)
