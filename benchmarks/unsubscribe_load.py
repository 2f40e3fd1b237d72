"""Load benchmark of one-click unsubscribes against the real subscription service.

Seeds N active subscribers in a fresh database, starts the service with uvicorn on a
free loopback port, fires N RFC 8058 one-click POSTs (each to its own subscriber's
List-Unsubscribe URL) over C concurrent connections, then checks that every request
got a 200 and every row is unsubscribed. Prints requests per second and latency
percentiles. A benchmark, not a test: nothing here fails on speed.

    .venv/bin/python benchmarks/unsubscribe_load.py [--requests 10000] [--concurrency 50]
    invoke bench-unsubscribe
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for folder in (ROOT / "plugins", ROOT / "tests"):
    sys.path.insert(0, str(folder))

import httpx  # noqa: E402
from newsletter_subscribers.store import ImportRow, SubscriberStore  # noqa: E402
from newsletter_subscribers.tokens import unsubscribe_url  # noqa: E402
from signup_support import SECRET, free_port, running_service  # noqa: E402

ONE_CLICK = b"List-Unsubscribe=One-Click"


def percentile(sorted_values: list[float], fraction: float) -> float:
    """Nearest-rank percentile of an ascending list."""
    if not sorted_values:
        return math.nan
    rank = max(1, math.ceil(fraction * len(sorted_values)))
    return sorted_values[rank - 1]


async def hammer(urls: list[str], concurrency: int) -> tuple[list[float], list[str], float]:
    """POST to every URL with ``concurrency`` connections; latencies (s), problems, wall time."""
    queue: asyncio.Queue[str] = asyncio.Queue()
    for url in urls:
        queue.put_nowait(url)
    latencies: list[float] = []
    problems: list[str] = []
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    headers = {"Content-Type": "application/x-www-form-urlencoded"}

    async with httpx.AsyncClient(limits=limits, timeout=120, headers=headers) as client:
        async def worker():
            while True:
                try:
                    url = queue.get_nowait()
                except asyncio.QueueEmpty:
                    return
                started = time.perf_counter()
                try:
                    answer = await client.post(url, content=ONE_CLICK)
                except httpx.HTTPError as error:
                    problems.append(f"{type(error).__name__}: {error}")
                    continue
                latencies.append(time.perf_counter() - started)
                if answer.status_code != 200:
                    problems.append(f"HTTP {answer.status_code}")

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        return latencies, problems, time.perf_counter() - started


def run(requests: int, concurrency: int, folder: Path) -> dict:
    store = SubscriberStore(folder / "newsletter.db")
    addresses = [f"reader{number:05d}@example.org" for number in range(requests)]
    report = store.import_rows((ImportRow(number, address, "") for number, address in enumerate(addresses, 1)),
                               status="active", source="benchmark")
    assert report.added == requests, report.summary
    load_before = os.getloadavg()[0]
    with running_service(folder, smtp_port=free_port(), NEWSLETTER_DB=str(store.path)) as service:
        urls = [unsubscribe_url(service.url, SECRET, address) for address in addresses]
        cpu_before = service.cpu_seconds()
        latencies, problems, seconds = asyncio.run(hammer(urls, concurrency))
        cpu_after = service.cpu_seconds()
    server_cpu = None if cpu_before is None or cpu_after is None else cpu_after - cpu_before
    counts = store.counts()
    latencies.sort()
    return {
        "requests": requests,
        "concurrency": concurrency,
        "errors": len(problems),
        "first_errors": sorted(set(problems))[:5],
        "seconds": round(seconds, 2),
        "requests_per_second": round(requests / seconds, 1),
        "latency_ms": {name: round(percentile(latencies, fraction) * 1000, 1)
                       for name, fraction in (("p50", 0.50), ("p90", 0.90), ("p99", 0.99), ("max", 1.0))},
        "rows_unsubscribed": counts["unsubscribed"],
        "rows_still_active": counts["active"],
        # The machine may be shared: the server's own CPU cost and the load average
        # say how much of the wall time was this service's.
        "server_cpu_ms_per_request": None if server_cpu is None else round(server_cpu / requests * 1000, 2),
        "load_average": [round(load_before, 1), round(os.getloadavg()[0], 1)],
        "cpus": os.cpu_count(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--dir", default=None, help="where the scratch database goes (default: a temp folder)")
    parser.add_argument("--json", default=None, help="also write the figures to this file")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="unsubscribe-load-", dir=args.dir) as scratch:
        result = run(args.requests, args.concurrency, Path(scratch))
    latency = result["latency_ms"]
    print(f"{result['requests']} one-click unsubscribes, {result['concurrency']} connections: "
          f"{result['requests_per_second']} requests/s over {result['seconds']} s; latency p50 "
          f"{latency['p50']} ms, p90 {latency['p90']} ms, p99 {latency['p99']} ms, max {latency['max']} ms; "
          f"{result['errors']} errors; {result['rows_unsubscribed']} of {result['requests']} rows unsubscribed")
    print(f"server CPU {result['server_cpu_ms_per_request']} ms per request; load average "
          f"{result['load_average'][0]} before, {result['load_average'][1]} after, on {result['cpus']} CPUs")
    for problem in result["first_errors"]:
        print(f"  error: {problem}")
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    ok = result["errors"] == 0 and result["rows_unsubscribed"] == result["requests"]
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
