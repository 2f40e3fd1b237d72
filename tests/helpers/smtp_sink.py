"""A real SMTP server on 127.0.0.1 for tests: it records what it receives and can misbehave.

    with SmtpSink() as sink:
        sink.refuse("ana@example.com", "451 4.3.0 Try again later", times=1)
        sink.refuse("bo@example.com", "550 5.1.1 No such user")
        sink.drop_after(3)          # close the connection after the 3rd accepted message
        ... send to ("127.0.0.1", sink.port) ...
        sink.messages_for("ana@example.com")   # parsed email.message.EmailMessage objects

Built on aiosmtpd, so each test talks to a genuine SMTP implementation over loopback.
"""

from __future__ import annotations

import email
import email.policy
import socket
import threading
import time
from collections import Counter
from dataclasses import dataclass

from aiosmtpd.controller import Controller


@dataclass
class Received:
    sender: str
    recipients: list[str]
    data: bytes

    def parsed(self) -> email.message.EmailMessage:
        return email.message_from_bytes(self.data, policy=email.policy.default)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class _Handler:
    def __init__(self, sink: SmtpSink):
        self.sink = sink

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        session.host_name = hostname
        if self.sink.pipelining:
            responses.insert(-1, "250-PIPELINING")
        return responses

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        reply = self.sink._planned_reply(address)
        if reply:
            return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        drop, reply_first = self.sink._record(Received(envelope.mail_from, list(envelope.rcpt_tos),
                                                       bytes(envelope.original_content or envelope.content)))
        if drop and not reply_first:
            # Recorded but never acknowledged: the sender cannot know it arrived.
            server.transport.abort()
            return "250 OK"
        if drop:
            # Answer, then hang up at once, reading nothing more (as a server closing
            # after a connection's last allowed message does).
            server._writer.write(b"250 OK: queued\r\n")
            server.transport.close()
        return "250 OK: queued"


class SmtpSink:
    def __init__(self, host: str = "127.0.0.1", port: int | None = None, pipelining: bool = True):
        """``pipelining`` advertises PIPELINING (RFC 2920), as most real servers do."""
        self.host = host
        self.pipelining = pipelining
        self.port = port or free_port()
        self.received: list[Received] = []
        self._refusals: dict[str, list] = {}
        self._drop_at: int | None = None
        self._reply_before_drop = True
        self._lock = threading.Lock()
        self._controller = Controller(_Handler(self), hostname=host, port=self.port)

    def __enter__(self) -> SmtpSink:
        self._controller.start()
        return self

    def __exit__(self, *exc) -> None:
        self._controller.stop()

    @property
    def address(self) -> tuple[str, int]:
        return self.host, self.port

    def env(self) -> dict[str, str]:
        """SMTP_* variables that point a sender at this sink."""
        return {"SMTP_HOST": self.host, "SMTP_PORT": str(self.port), "SMTP_TLS": "none",
                "SMTP_USER": "", "SMTP_PASSWORD": ""}

    def refuse(self, address: str, reply: str, times: int | None = None) -> None:
        """Answer ``reply`` (e.g. "451 ..." or "550 ...") to RCPT for ``address``; ``times`` None = always."""
        with self._lock:
            self._refusals[address.lower()] = [reply, times]

    def drop_after(self, count: int, reply_first: bool = True) -> None:
        """Close the connection once ``count`` more messages have arrived.

        With ``reply_first`` False the last of them is recorded but its 250 never
        sent, which is the message "in flight" when a connection dies.
        """
        with self._lock:
            self._drop_at = len(self.received) + count
            self._reply_before_drop = reply_first

    def _planned_reply(self, address: str) -> str | None:
        with self._lock:
            plan = self._refusals.get(address.lower())
            if not plan:
                return None
            reply, times = plan
            if times is not None:
                if times <= 0:
                    return None
                plan[1] = times - 1
            return reply

    def _record(self, received: Received) -> tuple[bool, bool]:
        with self._lock:
            self.received.append(received)
            if self._drop_at is not None and len(self.received) >= self._drop_at:
                self._drop_at = None
                return True, self._reply_before_drop
            return False, True

    def count(self) -> int:
        with self._lock:
            return len(self.received)

    def recipient_counts(self) -> Counter:
        with self._lock:
            return Counter(rcpt.lower() for item in self.received for rcpt in item.recipients)

    def messages_for(self, address: str) -> list[email.message.EmailMessage]:
        with self._lock:
            items = [item for item in self.received if address.lower() in (r.lower() for r in item.recipients)]
        return [item.parsed() for item in items]

    def wait_for(self, count: int, timeout: float = 30) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.count() >= count:
                return True
            time.sleep(0.01)
        return False
