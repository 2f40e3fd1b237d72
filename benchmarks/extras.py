"""Figures that are not whole-site builds: one newsletter issue, one white-paper PDF,
and personalising many messages, each by calling the owning plugin's own functions.

A plugin that is not in the checkout yet (or whose functions moved) is reported as
"not available yet" with the reason, so the rest of the benchmark still runs.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path
from typing import Callable

from .builds import ROOT

NOT_AVAILABLE = "not available yet"

if str(ROOT / "plugins") not in sys.path:
    sys.path.insert(0, str(ROOT / "plugins"))


class Unavailable(Exception):
    """The plugin code this figure needs is not there (yet)."""


def _timed(function: Callable[[], object], repeat: int) -> tuple[float, object]:
    """Median seconds of ``repeat`` calls, and the last call's result."""
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def measure_all(messages: int, workdir: Path, say=None) -> dict:
    from . import extra_newsletter, extra_sending, extra_whitepaper

    say = say or (lambda text: None)
    figures = {}
    for key, label, measure in (
        ("newsletter_issue", "one newsletter issue (HTML, inline, text, message)", extra_newsletter.measure),
        ("whitepaper_pdf", "one white-paper PDF", extra_whitepaper.measure),
        ("personalise_messages", f"personalise {messages:,} messages", extra_sending.measure),
    ):
        say(f"extra: {label}")
        try:
            figure = {"status": "ok", **measure(messages=messages, workdir=workdir)}
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


def need(module: str, *names: str):
    """Import ``module`` and return the named attributes, or raise Unavailable."""
    import importlib

    try:
        loaded = importlib.import_module(module)
    except ImportError as error:
        raise Unavailable(f"cannot import {module}: {error}") from None
    missing = [name for name in names if not hasattr(loaded, name)]
    if missing:
        raise Unavailable(f"{module} has no {', '.join(missing)}")
    return [getattr(loaded, name) for name in names]


timed = _timed
