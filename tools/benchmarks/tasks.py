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


@task(help={"messages": "how many personalised messages to send (default 10,000)"})
def bench_send(c, messages=10_000):
    """Benchmark sending to a local sink against plain smtplib with prebuilt bytes (not a test)."""
    code = subprocess.call([sys.executable, str(HERE / "send_benchmark.py"), "--messages", str(messages)],
                           cwd=HERE.parents[1])
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
