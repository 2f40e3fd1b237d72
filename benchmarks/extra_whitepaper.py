"""Benchmark figure for the whitepaper plugin; filled in once its public functions land."""

from __future__ import annotations

from .extras import Unavailable


def measure(messages: int, workdir) -> dict:
    raise Unavailable("the whitepaper plugin's public functions are not wired into the benchmark yet")
