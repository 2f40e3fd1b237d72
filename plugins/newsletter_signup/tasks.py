"""invoke tasks for the subscription service.

tasks.py at the project root imports these, so they run as ``invoke subscriptions``
and ``invoke bench-unsubscribe``.
"""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

from invoke import Exit, task

ROOT = Path(__file__).resolve().parents[2]


@task(help={
    "port": "port to listen on (default NEWSLETTER_SIGNUP_PORT, 8025)",
    "host": "address to listen on; keep 127.0.0.1 and put a reverse proxy in front",
    "settings": "settings file to read SITEURL and the NEWSLETTER_* values from (default pelicanconf.py)",
    "forwarded_allow_ips": "proxies whose X-Forwarded-For header is believed (default 127.0.0.1)",
})
def subscriptions(c, port=0, host="127.0.0.1", settings="pelicanconf.py", forwarded_allow_ips="127.0.0.1"):
    """Run the subscription service (sign-up, confirm, one-click unsubscribe) with uvicorn."""
    from newsletter_signup.runner import ConfigError, serve

    logging.basicConfig(level=logging.INFO, format="%(levelname)s: %(message)s")
    try:
        serve(settings, host, port or None, forwarded_allow_ips=forwarded_allow_ips)
    except ConfigError as error:
        raise Exit(f"Cannot start the subscription service: {error}", code=2)


@task(help={
    "requests": "how many one-click unsubscribe POSTs (default 10,000)",
    "concurrency": "how many connections at once (default 50)",
    "client": "raw (default: cheap asyncio connections) or httpx",
    "json": "also write the figures to this file",
})
def bench_unsubscribe(c, requests=10_000, concurrency=50, client="raw", json=""):
    """Load-test one-click unsubscribes against the real service on loopback; prints requests/s and p99."""
    args = [sys.executable, str(ROOT / "benchmarks" / "unsubscribe_load.py"),
            "--requests", str(requests), "--concurrency", str(concurrency), "--client", client]
    if json:
        args += ["--json", json]
    code = subprocess.call(args, cwd=ROOT)
    if code:
        raise Exit("The load test had errors or left rows unchanged (see above).", code=code)
