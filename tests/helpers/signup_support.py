"""Run the real subscription service (uvicorn, in its own process) and a real SMTP sink.

Used by tests/newsletter_mail/service/ and tools/benchmarks/unsubscribe_load.py.
"""

from __future__ import annotations

import asyncio
import email
import email.policy
import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from aiosmtpd.controller import Controller
from processes import stop

ROOT = Path(__file__).resolve().parents[2]
SECRET = "test-secret-for-the-signup-service"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Sink:
    """Messages an aiosmtpd server on loopback accepted, parsed with the email package.

    ``hold(predicate)`` makes it sit on the DATA of the first message whose recipients
    match until ``release()``: a sender stopped mid-send, at a moment the test chooses.
    """

    port: int
    messages: list = field(default_factory=list)
    _arrived: threading.Condition = field(default_factory=threading.Condition)
    _hold: Callable[[list[str]], bool] | None = None
    holding: threading.Event = field(default_factory=threading.Event)
    released: threading.Event = field(default_factory=threading.Event)

    def hold(self, predicate: Callable[[list[str]], bool]) -> None:
        self._hold = predicate

    def release(self) -> None:
        self.released.set()

    async def handle_DATA(self, server, session, envelope):
        if self._hold and not self.released.is_set() and self._hold(envelope.rcpt_tos):
            self.holding.set()
            # In a thread, so the server keeps answering other connections meanwhile.
            await asyncio.to_thread(self.released.wait, 300)
        message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        with self._arrived:
            self.messages.append((envelope.rcpt_tos, message, envelope.original_content))
            self._arrived.notify_all()
        return "250 OK"

    def wait_for(self, recipient: str, timeout: float = 20.0):
        """The first message to ``recipient``; AssertionError if none comes in ``timeout`` s."""
        deadline = time.monotonic() + timeout
        with self._arrived:
            while True:
                for rcpt_tos, message, _raw in self.messages:
                    if recipient in rcpt_tos:
                        return message
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"no mail to {recipient} within {timeout} s")
                self._arrived.wait(left)

    def to(self, recipient: str) -> list:
        with self._arrived:
            return [message for rcpt_tos, message, raw in self.messages if recipient in rcpt_tos]

    def count(self) -> int:
        with self._arrived:
            return len(self.messages)


@contextmanager
def smtp_sink() -> Iterator[Sink]:
    sink = Sink(port=free_port())
    controller = Controller(sink, hostname="127.0.0.1", port=sink.port)
    controller.start()
    try:
        yield sink
    finally:
        controller.stop()


@dataclass
class Service:
    url: str
    db_path: Path
    log_path: Path
    process: subprocess.Popen

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def cpu_seconds(self) -> float | None:
        """CPU time the service process has used so far (Linux /proc), None elsewhere."""
        try:
            fields = Path(f"/proc/{self.process.pid}/stat").read_text().rpartition(")")[2].split()
        except OSError:
            return None
        # utime and stime, the 14th and 15th fields of the whole line.
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@contextmanager
def running_service(folder: Path, smtp_port: int, access_log: bool = False, forwarded_allow_ips: str = "127.0.0.1",
                    **settings) -> Iterator[Service]:
    """The service as `invoke subscriptions` runs it, on a free loopback port."""
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    settings.setdefault("NEWSLETTER_DB", str(folder / "newsletter.db"))
    settings.setdefault("NEWSLETTER_SERVICE_URL", url)
    settings.setdefault("SITEURL", "https://voices.example")
    args = [sys.executable, "-m", "service_voices.newsletter_mail.service.runner", "--port", str(port),
            "--forwarded-allow-ips", forwarded_allow_ips]
    if not access_log:
        args.append("--no-access-log")
    for key, value in settings.items():
        args += ["--set", f"{key}={json.dumps(value)}"]
    env = {**os.environ, "NEWSLETTER_SECRET": SECRET,
           "SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(smtp_port), "SMTP_TLS": "none",
           "SMTP_USER": "", "SMTP_PASSWORD": ""}
    log_path = folder / "service.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(args, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    service = Service(url, Path(settings["NEWSLETTER_DB"]), log_path, process)
    try:
        _wait_until_up(service)
        yield service
    finally:
        stop(process)


def _wait_until_up(service: Service, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if service.process.poll() is not None:
            raise RuntimeError(f"the service exited with {service.process.returncode}:\n{service.log()}")
        try:
            if httpx.get(f"{service.url}/healthz", timeout=1.0).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"the service did not answer within {timeout} s:\n{service.log()}")


def eventually(check: Callable[[], bool], timeout: float = 20.0) -> bool:
    """Poll ``check`` until it is true or ``timeout`` passes; returns its last answer."""
    deadline = time.monotonic() + timeout
    while True:
        if check():
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
