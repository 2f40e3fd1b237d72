"""A real SMTP server on 127.0.0.1 for tests: it records what it receives and can misbehave.

    with SmtpSink() as sink:
        sink.refuse("ana@example.com", "451 4.3.0 Try again later", times=1)
        sink.refuse("bo@example.com", "550 5.1.1 No such user")
        sink.drop_after(3)          # close the connection after the 3rd accepted message
        sink.greylist()             # 451 to the first attempt for every address
        sink.slow(0.05)             # wait 50 ms before answering each message (a distant relay)
        sink.stall(5, count=2)      # keep the next 2 messages, but answer only after 5 s
        sink.max_connections(2)     # greet a third connection with 421 "too many connections"
        ... send to ("127.0.0.1", sink.port) ...
        sink.messages_for("ana@example.com")   # parsed email.message.EmailMessage objects

Built on aiosmtpd, so each test talks to a genuine SMTP implementation over loopback.
A message counts as received once its data is complete, whatever happens to the
reply: that is how a real server that accepted a message and then went quiet
looks from the receiving side.
"""

from __future__ import annotations

import asyncio
import email
import email.policy
import socket
import threading
import time
from collections import Counter
from dataclasses import dataclass

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP


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
        delay = self.sink._reply_delay()
        if delay:
            await asyncio.sleep(delay)
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


class _Server(SMTP):
    """aiosmtpd's server, counting its connections and greeting one too many with 421."""

    def __init__(self, handler, sink: SmtpSink, **kwargs):
        super().__init__(handler, **kwargs)
        self.sink = sink
        self.counted = False

    def connection_made(self, transport):
        if not self.counted:  # STARTTLS calls it again for the same connection
            self.counted = True
            self.sink._connection_opened()
        super().connection_made(transport)

    def connection_lost(self, error):
        self.sink._connection_closed()
        super().connection_lost(error)

    async def _handle_client(self):
        refusal = self.sink._connection_refusal()
        if refusal:
            await self.push(refusal)
            self.transport.close()
            return
        await super()._handle_client()


class _Controller(Controller):
    def __init__(self, sink: SmtpSink, **kwargs):
        self.sink = sink
        super().__init__(_Handler(sink), **kwargs)

    def factory(self):
        return _Server(self.handler, self.sink, **self.SMTP_kwargs)


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
        self._greylist: set[str] | None = None
        self._delay = 0.0
        self._stall: list = [0.0, 0]  # seconds, messages left
        self._connection_limit: int | None = None
        self._limit_reply = "421 4.7.0 Too many connections from your address, try again later"
        self.connections = 0
        self.peak_connections = 0
        self.refused_connections = 0
        self._lock = threading.Lock()
        self._controller = _Controller(self, hostname=host, port=self.port)

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

    def greylist(self, reply: str = "451 4.7.1 Greylisted, please try again later") -> None:
        """Answer ``reply`` to the first RCPT for every address, and accept the next one."""
        with self._lock:
            self._greylist = set()
            self._greylist_reply = reply

    def slow(self, seconds: float) -> None:
        """Wait ``seconds`` before answering each message, as a relay far away (or busy) does."""
        with self._lock:
            self._delay = seconds

    def stall(self, seconds: float, count: int = 1) -> None:
        """Keep the next ``count`` messages but answer each only after ``seconds`` (past the sender's timeout)."""
        with self._lock:
            self._stall = [seconds, count]

    def max_connections(self, limit: int, reply: str | None = None) -> None:
        """Greet connections beyond ``limit`` open at once with ``reply`` (421) and close them."""
        with self._lock:
            self._connection_limit = limit
            self._limit_reply = reply or self._limit_reply

    def _connection_opened(self) -> None:
        with self._lock:
            self.connections += 1
            self.peak_connections = max(self.peak_connections, self.connections)

    def _connection_closed(self) -> None:
        with self._lock:
            self.connections -= 1

    def _connection_refusal(self) -> str | None:
        with self._lock:
            if self._connection_limit is not None and self.connections > self._connection_limit:
                self.refused_connections += 1
                return self._limit_reply
            return None

    def _reply_delay(self) -> float:
        with self._lock:
            if self._stall[1] > 0:
                self._stall[1] -= 1
                return self._stall[0]
            return self._delay

    def _planned_reply(self, address: str) -> str | None:
        with self._lock:
            if self._greylist is not None and address.lower() not in self._greylist:
                self._greylist.add(address.lower())
                return self._greylist_reply
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
