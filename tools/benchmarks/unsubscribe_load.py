"""Load benchmark of one-click unsubscribes against the real subscription service.

Seeds N active subscribers in a fresh database, starts the service with uvicorn on a
free loopback port, fires N RFC 8058 one-click POSTs (each to its own subscriber's
List-Unsubscribe URL) over C concurrent keep-alive connections, then checks that
every request got a 200 and every row is unsubscribed. Prints requests per second and
latency percentiles. A benchmark, not a test: nothing here fails on speed.

The client shares the machine with the server, so it must be cheap: the default one
writes each request on a raw asyncio connection and reads the answer by its
Content-Length. ``--client httpx`` uses httpx instead, as a cross-check; it costs
several times the server's CPU per request, so on two cores it measures mostly itself.

    .venv/bin/python benchmarks/unsubscribe_load.py [--requests 10000] [--concurrency 50] [--client httpx]
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
from collections import deque
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
for folder in (ROOT, ROOT / "plugins", ROOT / "tests"):
    sys.path.insert(0, str(folder))

import httpx  # noqa: E402
from signup_support import SECRET, free_port, running_service  # noqa: E402

from service_voices.newsletter_mail.subscribers.store import ImportRow, SubscriberStore  # noqa: E402
from service_voices.newsletter_mail.subscribers.tokens import unsubscribe_url  # noqa: E402

ONE_CLICK = b"List-Unsubscribe=One-Click"


def percentile(sorted_values: list[float], fraction: float) -> float:
    """Nearest-rank percentile of an ascending list."""
    if not sorted_values:
        return math.nan
    rank = max(1, math.ceil(fraction * len(sorted_values)))
    return sorted_values[rank - 1]


class Answer(Exception):
    """The server's answer was not a plain HTTP/1.1 response with a Content-Length."""


async def post_raw(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, target: str) -> tuple[int, bool]:
    """One POST on an open connection; the status and whether the server keeps the connection."""
    writer.write(f"POST {target} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                 "Content-Type: application/x-www-form-urlencoded\r\n"
                 f"Content-Length: {len(ONE_CLICK)}\r\n\r\n".encode("ascii") + ONE_CLICK)
    status_line = await reader.readline()
    parts = status_line.split()
    if len(parts) < 2 or not parts[0].startswith(b"HTTP/1.") or not parts[1].isdigit():
        raise Answer(f"bad status line {status_line[:80]!r}")
    headers = {}
    while (line := await reader.readline()) not in (b"\r\n", b""):
        name, _, value = line.decode("latin-1").partition(":")
        headers[name.strip().lower()] = value.strip()
    if "content-length" not in headers:
        raise Answer("an answer without Content-Length")
    await reader.readexactly(int(headers["content-length"]))
    return int(parts[1]), headers.get("connection", "").lower() != "close"


async def hammer_raw(urls: list[str], concurrency: int) -> tuple[list[float], list[str], float]:
    """POST to every URL over ``concurrency`` keep-alive connections; latencies (s), problems, wall time."""
    targets = [urlsplit(url) for url in urls]
    host, port = targets[0].hostname, targets[0].port
    queue = deque(f"{target.path}?{target.query}" for target in targets)
    latencies: list[float] = []
    problems: list[str] = []

    async def worker():
        reader = writer = None
        try:
            while queue:
                target = queue.popleft()
                if writer is None:
                    reader, writer = await asyncio.open_connection(host, port)
                started = time.perf_counter()
                try:
                    status, keep = await post_raw(reader, writer, target)
                except (OSError, asyncio.IncompleteReadError, Answer) as error:
                    problems.append(f"{type(error).__name__}: {error}")
                    writer.close()
                    reader = writer = None
                    continue
                latencies.append(time.perf_counter() - started)
                if status != 200:
                    problems.append(f"HTTP {status}")
                if not keep:
                    writer.close()
                    reader = writer = None
        finally:
            if writer is not None:
                writer.close()

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return latencies, problems, time.perf_counter() - started


async def hammer_httpx(urls: list[str], concurrency: int) -> tuple[list[float], list[str], float]:
    """The same with httpx's connection pool."""
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


CLIENTS = {"raw": hammer_raw, "httpx": hammer_httpx}


def run(requests: int, concurrency: int, folder: Path, client: str = "raw") -> dict:
    store = SubscriberStore(folder / "newsletter.db")
    addresses = [f"reader{number:05d}@example.org" for number in range(requests)]
    report = store.import_rows((ImportRow(number, address, "") for number, address in enumerate(addresses, 1)),
                               status="active", source="benchmark")
    assert report.added == requests, report.summary
    load_before = os.getloadavg()[0]
    with running_service(folder, smtp_port=free_port(), NEWSLETTER_DB=str(store.path)) as service:
        urls = [unsubscribe_url(service.url, SECRET, address) for address in addresses]
        cpu_before = service.cpu_seconds()
        latencies, problems, seconds = asyncio.run(CLIENTS[client](urls, concurrency))
        cpu_after = service.cpu_seconds()
    server_cpu = None if cpu_before is None or cpu_after is None else cpu_after - cpu_before
    counts = store.counts()
    latencies.sort()
    return {
        "requests": requests,
        "concurrency": concurrency,
        "client": client,
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
    parser.add_argument("--client", choices=sorted(CLIENTS), default="raw",
                        help="raw asyncio connections (default) or httpx")
    parser.add_argument("--dir", default=None, help="where the scratch database goes (default: a temp folder)")
    parser.add_argument("--json", default=None, help="also write the figures to this file")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="unsubscribe-load-", dir=args.dir) as scratch:
        result = run(args.requests, args.concurrency, Path(scratch), args.client)
    latency = result["latency_ms"]
    print(f"{result['requests']} one-click unsubscribes, {result['concurrency']} connections "
          f"({result['client']} client): "
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
