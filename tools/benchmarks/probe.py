"""Time one plugin's own work inside a real build: ``python -m tools.benchmarks.probe KIND ...``.

Run in a child process by ``extras.py``. It builds a small site in-process with the
real settings, after wrapping the plugin's public functions with timers, and prints
one JSON object on its last output line. Exit code 3 means the plugin code is not
there (yet); the JSON then says why.

Kinds:
  newsletter CONTENT OUTPUT CACHE  - per issue: template, CSS inlining, text, message
  whitepaper CONTENT OUTPUT CACHE  - one PDF rendered cold, then the cached rebuild
"""

from __future__ import annotations

import importlib
import json
import logging
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
for folder in (ROOT, ROOT / "plugins"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

UNAVAILABLE = 3


class Unavailable(Exception):
    pass


class Timers:
    """Wraps functions in a module so each call's duration is recorded under a label."""

    def __init__(self):
        self.calls: dict[str, list[float]] = {}

    def wrap(self, module, name: str, label: str | None = None):
        if not hasattr(module, name):
            raise Unavailable(f"{module.__name__} has no {name}")
        original = getattr(module, name)
        durations = self.calls.setdefault(label or name, [])

        def timed(*args, **kwargs):
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                durations.append(time.perf_counter() - started)

        setattr(module, name, timed)
        return original

    def median_ms(self, label: str) -> float | None:
        durations = self.calls.get(label) or []
        return round(1000 * statistics.median(durations), 3) if durations else None


def _module(name: str):
    try:
        return importlib.import_module(name)
    except ImportError as error:
        raise Unavailable(f"cannot import {name}: {error}") from None


def _build(content: str, output: str, cache: str, **overrides):
    from service_voices.site.build import build

    settings = {"PATH": content, "CACHE_PATH": cache, **overrides}
    quiet = open(os.devnull, "w")  # noqa: SIM115 (closed below) the build's own warnings are not the figure
    try:
        result = build(ROOT / "pelicanconf.py", output, settings, stream=quiet)
    finally:
        quiet.close()
    if not result.ok:
        raise RuntimeError(f"probe build failed: {'; '.join(result.errors[:3])}")
    return result


def probe_newsletter(content: str, output: str, cache: str) -> dict:
    generator = _module("newsletter.generator")
    timers = Timers()
    for name in ("inline_email", "render_text", "build_message", "message_bytes"):
        timers.wrap(generator, name)
    if not hasattr(generator, "NewsletterGenerator"):
        raise Unavailable("newsletter.generator has no NewsletterGenerator")
    per_issue: dict[str, float] = {}
    original_output = generator.NewsletterGenerator.generate_output

    def generate_output(self, writer):
        original_output(self, writer)
        per_issue.update(getattr(self, "render_seconds", {}) or {})

    generator.NewsletterGenerator.generate_output = generate_output
    result = _build(content, output, cache, WHITEPAPER_PDF=False)
    if not per_issue:
        raise Unavailable("the newsletter plugin rendered no issue (is it in PLUGINS?)")
    from service_voices.newsletter_common import default_mail_folder

    mail = default_mail_folder(output)
    sizes = {slug: (mail / slug / "email.html").stat().st_size
             for slug in per_issue if (mail / slug / "email.html").exists()}
    slowest = max(per_issue, key=per_issue.get)
    return {
        "issues": len(per_issue),
        "median_ms_per_issue": round(1000 * statistics.median(per_issue.values()), 3),
        "slowest_issue": slowest,
        "slowest_ms": round(1000 * per_issue[slowest], 3),
        "median_ms": {name: timers.median_ms(name)
                      for name in ("inline_email", "render_text", "build_message", "message_bytes")},
        "median_email_html_kb": round(statistics.median(sizes.values()) / 1024, 1) if sizes else None,
        "build_seconds": round(result.seconds, 3),
    }


def probe_whitepaper(content: str, output: str, cache: str) -> dict:
    wiring = _module("whitepapers.wiring")
    timers = Timers()
    timers.wrap(wiring, "render_pdf")
    timers.wrap(wiring, "write_pdfs")
    started = time.perf_counter()
    try:
        import weasyprint  # noqa: F401  (timed apart: the import alone is about a second)
    except (ImportError, OSError) as error:
        raise Unavailable(f"WeasyPrint cannot run here: {error}") from None
    import_seconds = time.perf_counter() - started
    _build(content, output, cache, WHITEPAPER_PDF=True)
    renders = list(timers.calls["render_pdf"])
    cold_write = list(timers.calls["write_pdfs"])
    if not renders:
        raise Unavailable("no white-paper PDF was rendered (no Layout: whitepaper post, or PDFs are off)")
    _build(content, output + "-again", cache, WHITEPAPER_PDF=True)
    cached_renders = len(timers.calls["render_pdf"]) - len(renders)
    warm_write = timers.calls["write_pdfs"][len(cold_write):]
    pdfs = sorted((Path(output + "-again") / "whitepapers").glob("*.pdf"))
    pages = None
    if pdfs:
        from pypdf import PdfReader

        pages = len(PdfReader(str(pdfs[0])).pages)
    return {
        "papers": len(renders),
        "render_seconds": round(statistics.median(renders), 3),
        "weasyprint_import_seconds": round(import_seconds, 3),
        "cached_rebuild_seconds": round(sum(warm_write), 4),
        "renders_on_cached_rebuild": cached_renders,
        "pdf_kb": round(pdfs[0].stat().st_size / 1024, 1) if pdfs else None,
        "pages": pages,
    }


PROBES = {"newsletter": probe_newsletter, "whitepaper": probe_whitepaper}


def main(argv: list[str]) -> int:
    logging.getLogger().setLevel(logging.WARNING)
    if len(argv) != 4 or argv[0] not in PROBES:
        print(f"usage: python -m tools.benchmarks.probe {{{','.join(PROBES)}}} CONTENT OUTPUT CACHE", file=sys.stderr)
        return 2
    kind, content, output, cache = argv
    try:
        figures = PROBES[kind](content, output, cache)
    except Unavailable as reason:
        print(json.dumps({"reason": str(reason)}))
        return UNAVAILABLE
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
