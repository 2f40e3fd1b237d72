"""Benchmark commands: ``invoke bench`` (builds), ``bench-send`` and ``bench-unsubscribe``."""

import subprocess
import sys
from pathlib import Path

from invoke import Exit, task

from .cli import execute, options_from
from .corpus import DEFAULT_SEED

HERE = Path(__file__).resolve().parent


@task(help={
    "posts": "posts in the main corpus (default 1000)",
    "repeat": "runs of each build; medians are reported (default 3)",
    "sizes": "corpus sizes for time per post, comma-separated (default 250,1000,4000)",
    "big_repeat": "runs for sizes larger than --posts (default 1)",
    "messages": "messages to personalise in the sending figure (default 10000)",
    "output": "JSON file for the figures (default bench-results.json)",
    "seed": "seed of the synthetic corpus",
    "workdir": "keep corpora, outputs and build logs in this folder",
    "no_extras": "skip the newsletter, PDF and sending figures",
    "no_serve": "skip the edit loop under a real invoke serve",
})
def bench(c, posts=1000, repeat=3, sizes="250,1000,4000", big_repeat=1, messages=10_000,
          output="bench-results.json", seed=DEFAULT_SEED, workdir="", no_extras=False, no_serve=False):
    """Benchmark the build: plugins on vs plain Pelican, warm rebuild, time per post."""
    try:
        options = options_from(posts, repeat, sizes, big_repeat, output, messages, seed, workdir, not no_extras,
                               not no_serve)
    except ValueError as error:
        raise Exit(f"invoke bench: {error}", code=2) from None
    code = execute(options)
    if code:
        raise Exit(code=code)


@task(help={
    "messages": "how many personalised messages per zero-latency measurement (default 10,000)",
    "mode": "both (default), zero (against plain smtplib) or latency (a sink that waits before each reply)",
    "latency_ms": "the sink's wait before each reply in the latency mode (default 50)",
    "latency_messages": "messages per latency measurement (default 2,000)",
    "connections": "connections for the send path (default NEWSLETTER_SMTP_CONNECTIONS)",
})
def bench_send(c, messages=10_000, mode="both", latency_ms=50.0, latency_messages=2_000, connections=0):
    """Benchmark sending: against plain smtplib, and against a relay 50 ms away (not a test)."""
    args = [sys.executable, str(HERE / "send_benchmark.py"), "--messages", str(messages), "--mode", mode,
            "--latency-ms", str(latency_ms), "--latency-messages", str(latency_messages)]
    if connections:
        args += ["--connections", str(connections)]
    code = subprocess.call(args, cwd=HERE.parents[1])
    if code:
        raise Exit(code=code)


@task(help={
    "requests": "how many one-click unsubscribe POSTs (default 10,000)",
    "concurrency": "how many connections at once (default 50)",
    "client": "raw (default: cheap asyncio connections) or httpx",
    "json": "also write the figures to this file",
})
def bench_unsubscribe(c, requests=10_000, concurrency=50, client="raw", json=""):
    """Load-test one-click unsubscribes against the real service on loopback; prints requests/s and p99."""
    args = [sys.executable, str(HERE / "unsubscribe_load.py"),
            "--requests", str(requests), "--concurrency", str(concurrency), "--client", client]
    if json:
        args += ["--json", json]
    code = subprocess.call(args, cwd=HERE.parents[1])
    if code:
        raise Exit("The load test had errors or left rows unchanged (see above).", code=code)
