"""Benchmark figure for the sending plugin; filled in once its public functions land."""

from __future__ import annotations

from .extras import Unavailable


def measure(messages: int, workdir) -> dict:
    raise Unavailable("the sending plugin's public functions are not wired into the benchmark yet")
