"""Figures that are not whole-site builds: one newsletter issue, one white-paper PDF,
and personalising many messages, each measured on the owning plugin's own code.

The newsletter and PDF figures come from ``probe.py`` in a child process (a real
build of a small corpus with timers around the plugin's functions); personalising
runs here on the ``message.eml`` that build compiled. A plugin that is not in the
checkout yet is reported as "not available yet" with the reason, and the rest of the
benchmark still runs.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

from service_voices.newsletter_common import default_mail_folder

from . import corpus
from .builds import ROOT

NOT_AVAILABLE = "not available yet"
EXTRAS_CORPUS_POSTS = 80  # enough for three monthly issues and one white paper
UNAVAILABLE_EXIT = 3


class Unavailable(Exception):
    """The plugin code this figure needs is not there (yet)."""


def _probe(kind: str, content: Path, workdir: Path) -> dict:
    output, cache = workdir / f"probe-{kind}", workdir / f"probe-{kind}-cache"
    done = subprocess.run([sys.executable, "-m", "tools.benchmarks.probe", kind, str(content), str(output), str(cache)],
                          cwd=ROOT, capture_output=True, text=True, timeout=600)
    last = (done.stdout.strip().splitlines() or ["{}"])[-1]
    try:
        figures = json.loads(last)
    except json.JSONDecodeError:
        figures = {}
    if done.returncode == UNAVAILABLE_EXIT:
        raise Unavailable(figures.get("reason", "plugin code missing"))
    if done.returncode != 0:
        tail = " / ".join(done.stderr.strip().splitlines()[-3:])
        raise RuntimeError(f"probe {kind} exited with {done.returncode}: {tail}")
    figures["output"] = str(output)
    return figures


def newsletter_issue(content: Path, workdir: Path, state: dict) -> dict:
    figures = _probe("newsletter", content, workdir)
    state["newsletter_output"] = Path(figures.pop("output"))
    parts = figures["median_ms"]
    figures["seconds"] = figures["median_ms_per_issue"] / 1000
    figures["summary"] = (
        f"{figures['median_ms_per_issue']:.1f} ms per issue (median of {figures['issues']}; "
        f"inline {parts['inline_email']:.1f} ms, text {parts['render_text']:.1f} ms, "
        f"message {parts['build_message'] + parts['message_bytes']:.1f} ms); "
        f"email.html {figures['median_email_html_kb']} KB")
    return figures


def whitepaper_pdf(content: Path, workdir: Path, state: dict) -> dict:
    figures = _probe("whitepaper", content, workdir)
    figures.pop("output")
    figures["seconds"] = figures["render_seconds"]
    figures["summary"] = (
        f"{figures['render_seconds']:.2f} s to render ({figures['pages']} pages, {figures['pdf_kb']} KB; "
        f"WeasyPrint import {figures['weasyprint_import_seconds']:.2f} s more); "
        f"cached rebuild {1000 * figures['cached_rebuild_seconds']:.0f} ms, "
        f"{figures['renders_on_cached_rebuild']} re-render(s)")
    return figures


def personalise_messages(messages: int, state: dict) -> dict:
    import importlib

    plugins = str(ROOT / "plugins")
    if plugins not in sys.path:
        sys.path.insert(0, plugins)
    try:
        message = importlib.import_module("service_voices.newsletter_mail.sending.message")
        personalise = importlib.import_module("service_voices.newsletter_mail.sending.personalise")
        template_class, recipient_class = message.MessageTemplate, message.Recipient
        personaliser_class = personalise.Personaliser
    except (ImportError, AttributeError) as error:
        raise Unavailable(f"newsletter_sending: {error}") from None
    folder = state.get("newsletter_output")
    emls = sorted(default_mail_folder(folder).glob("*/message.eml")) if folder else []
    if not emls:
        raise Unavailable("needs a message.eml compiled by the newsletter plugin")
    eml = max(emls, key=lambda path: path.stat().st_size)
    data = eml.read_bytes()
    started = time.perf_counter()
    template = template_class(data)
    prepare = time.perf_counter() - started
    personaliser = personaliser_class(template, eml.parent.name, "https://voices.example/subscriptions",
                                      "benchmark-secret-not-used-for-mail")
    recipients = [recipient_class(f"reader{n}@example.org", f"Reader Nº{n}" if n % 3 else "")
                  for n in range(messages)]
    rounds = []
    for _ in range(3):
        started = time.perf_counter()
        total = sum(len(personaliser.message_for(recipient)) for recipient in recipients)
        rounds.append(time.perf_counter() - started)
    seconds = statistics.median(rounds)
    return {
        "messages": messages,
        "seconds": round(seconds, 4),
        "messages_per_second": round(messages / seconds),
        "template_prepare_ms": round(1000 * prepare, 3),
        "message_kb": round(total / messages / 1024, 1),
        "issue": eml.parent.name,
        "summary": f"{seconds:.2f} s ({messages / seconds:,.0f} messages/s, median of 3; "
                   f"{total / messages / 1024:.0f} KB each, DKIM off)",
    }


def measure_all(messages: int, workdir: Path, say=None) -> dict:
    say = say or (lambda text: None)
    content = workdir / "extras-corpus"
    if not content.exists():
        corpus.generate(content, EXTRAS_CORPUS_POSTS)
    state: dict = {}
    figures = {}
    for key, label, measure in (
        ("newsletter_issue", "one newsletter issue (HTML, inline, text, message)",
         lambda: newsletter_issue(content, workdir, state)),
        ("whitepaper_pdf", "one white-paper PDF", lambda: whitepaper_pdf(content, workdir, state)),
        ("personalise_messages", f"personalise {messages:,} messages", lambda: personalise_messages(messages, state)),
    ):
        say(f"extra: {label}")
        try:
            figure = {"status": "ok", **measure()}
        except Unavailable as reason:
            figure = {"status": NOT_AVAILABLE, "reason": str(reason)}
        except Exception as error:  # a broken extra must not cost the build figures
            figure = {"status": "failed", "reason": f"{type(error).__name__}: {error}"}
        figure["label"] = label
        figures[key] = figure
        say(f"  {describe(figure)}")
    return figures


def describe(figure: dict) -> str:
    if figure["status"] != "ok":
        return f"{figure['status']} ({figure.get('reason', '')})"
    return figure["summary"]
