"""The sending loop: resumable, rate-limited, retrying, and honest about failures.

Order of events for each recipient, and why:
1. read the subscriber's status just before their envelope (MAIL, RCPT) goes out,
   so an unsubscribe made during the send counts;
2. build the message from the prepared template;
3. send it, and only after the server's 250 record the delivery in the ledger,
   always before the next message's content leaves.
A crash between 3 and its record re-sends that one message on the next run; no
crash can make the ledger claim a delivery that did not happen.

With a server that offers PIPELINING (RFC 2920) one message costs one round trip:
its content travels in the same write as the next recipient's MAIL, RCPT and DATA.
smtplib.sendmail needs four round trips per message.
"""

from __future__ import annotations

import heapq
import smtplib
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import parseaddr

from .ledger import Pending, SendLedger
from .message import Recipient
from .personalise import Personaliser
from .smtp import ConnectionLost, Reply, SmtpConfig, SmtpConnection


class SendStopped(Exception):
    """The send cannot go on; the message says why. A rerun resumes it."""


@dataclass
class SendPolicy:
    rate: float | None = None  # messages per second at most
    retry_delays: tuple[float, ...] = (30, 120, 600)
    max_failures_in_row: int = 10
    connect_attempts: int = 4
    connect_backoff: float = 1.0


@dataclass
class Summary:
    total: int = 0
    delivered: int = 0
    deferred: int = 0
    failed: int = 0
    skipped: int = 0
    reconnects: int = 0
    delivered_before: int = 0
    started: float = field(default_factory=time.monotonic)
    finished: float | None = None

    @property
    def done(self) -> int:
        return self.delivered + self.failed + self.skipped

    @property
    def elapsed(self) -> float:
        return (self.finished or time.monotonic()) - self.started

    @property
    def per_second(self) -> float:
        return self.delivered / self.elapsed if self.elapsed > 0 else 0.0

    def line(self) -> str:
        text = (f"delivered {self.delivered}, deferred {self.deferred}, failed {self.failed}, "
                f"skipped {self.skipped} in {self.elapsed:.1f} s ({self.per_second:.0f} messages/s)")
        if self.delivered_before:
            text += f"; {self.delivered_before} had it from an earlier run"
        return text


def envelope_sender(personaliser: Personaliser) -> str:
    return parseaddr(personaliser.template.sender)[1]


class _Pacer:
    def __init__(self, rate: float | None):
        self.interval = 1.0 / rate if rate else 0.0
        self.next_at = 0.0

    def wait(self) -> None:
        if not self.interval:
            return
        now = time.monotonic()
        if self.next_at > now:
            time.sleep(self.next_at - now)
            now = self.next_at
        self.next_at = now + self.interval


@dataclass
class _Prepared:
    item: Pending
    data: bytes


class SendRun:
    """One pass over an issue's ledger; ``run()`` may raise SendStopped (a rerun resumes)."""

    def __init__(self, ledger: SendLedger, issue: str, personaliser: Personaliser, config: SmtpConfig,
                 policy: SendPolicy, on_progress: Callable[[Summary], None] | None = None):
        self.ledger = ledger
        self.issue = issue
        self.personaliser = personaliser
        self.connection = SmtpConnection(config)
        self.policy = policy
        self.on_progress = on_progress or (lambda summary: None)
        self.sender = envelope_sender(personaliser)
        self.summary = Summary()
        self.failures_in_row = 0
        self.last_problem = ""
        self.queue: deque[Pending] = deque()
        self.waiting: list[tuple[float, int, Pending]] = []
        self.order = 0
        self.pacer = _Pacer(policy.rate)

    def run(self) -> Summary:
        ledger, issue = self.ledger, self.issue
        self.summary.delivered_before = ledger.tally(issue)["delivered"]
        self.queue = deque(ledger.pending(issue))
        self.summary.total = len(self.queue)
        self.on_progress(self.summary)
        try:
            current = None
            while True:
                if current is None:
                    current = self._next(block=True)
                    if current is None:
                        break
                    if not self._start(current):
                        current = None
                        continue
                current = self._step(current)
                self.on_progress(self.summary)
                if self.failures_in_row >= self.policy.max_failures_in_row:
                    raise SendStopped(
                        f"{self.failures_in_row} recipients in a row were not accepted (last: "
                        f"{self.last_problem}); stopped. Run the same command again to resume.")
            ledger.finish_if_done(issue)
        finally:
            self.connection.close()
            self.summary.finished = time.monotonic()
        return self.summary

    def _start(self, prepared: _Prepared) -> bool:
        """Open ``prepared``'s transaction on a fresh turn; False if the connection failed."""
        self._ensure_connected()
        self.pacer.wait()
        try:
            self.connection.start(self.sender, prepared.item.email)
        except ConnectionLost as lost:
            self._lost(prepared, None, lost)
            return False
        prepared.item.attempts += 1
        return True

    def _step(self, current: _Prepared) -> _Prepared | None:
        """Carry ``current`` (its transaction started) to its end; returns the next one, already started."""
        following = None
        try:
            refusal = self.connection.finish_envelope()
            if refusal is not None:
                self._settle(current.item, refusal)
                return None
            # The next recipient's status is read and its message built while the
            # server works; with PIPELINING its envelope travels with this content.
            if self.connection.pipelining:
                following = self._next(block=False)
                if following is not None:
                    self.pacer.wait()
                    self.connection.start(self.sender, following.item.email, current.data)
                    following.item.attempts += 1
                else:
                    self.connection.send_body(current.data)
            else:
                self.connection.send_body(current.data)
                following = self._next(block=False)
            reply = self.connection.result()
            if following is not None and not self.connection.pipelining and self.connection.client is not None:
                self.pacer.wait()
                self.connection.start(self.sender, following.item.email)
                following.item.attempts += 1
        except ConnectionLost as lost:
            # current's message may have arrived; it goes again after reconnecting
            # (the one possible duplicate), because losing a subscriber is worse.
            self._lost(current, following, lost)
            return None
        # Recorded before the next message's content can leave: at most one
        # message is ever out without its record.
        self._settle(current.item, reply)
        if following is not None and self.connection.client is None:
            self.queue.appendleft(following.item)  # the server hung up (421)
            return None
        return following

    def _lost(self, current: _Prepared, following: _Prepared | None, lost: ConnectionLost) -> None:
        for prepared in (following, current):
            if prepared is not None:
                self.queue.appendleft(prepared.item)
        self.summary.reconnects += 1
        self._count_failure(f"connection lost: {lost}")

    def _next(self, block: bool) -> _Prepared | None:
        """The next active recipient's message; None when none is left (or, not blocking, none is due)."""
        while True:
            while self.waiting and (self.waiting[0][0] <= time.monotonic() or (block and not self.queue)):
                ready_at, _, item = heapq.heappop(self.waiting)
                delay = ready_at - time.monotonic()
                if delay > 0:
                    # Nothing else to send until a retry is due: let the idle
                    # connection go rather than have the server time it out.
                    self.connection.close()
                    time.sleep(delay)
                self.queue.append(item)
            if not self.queue:
                return None
            item = self.queue.popleft()
            status, _ = self.ledger.current_status(item.email)
            if status != "active":
                self.ledger.skipped(self.issue, item.email, f"{status or 'removed'} when its turn came")
                self.summary.skipped += 1
                continue
            return _Prepared(item, self.personaliser.message_for(Recipient(item.email, item.name)))

    def _count_failure(self, problem: str) -> None:
        self.failures_in_row += 1
        self.last_problem = problem

    def _ensure_connected(self) -> None:
        if self.connection.client is not None:
            return
        attempts = self.policy.connect_attempts
        for attempt in range(1, attempts + 1):
            try:
                self.connection.open()
                return
            except smtplib.SMTPAuthenticationError as error:
                raise SendStopped(f"the server refused the login of SMTP_USER: {error.smtp_code} "
                                  f"{error.smtp_error.decode('utf-8', 'replace')}") from None
            except (smtplib.SMTPException, OSError) as error:
                problem = str(error) or type(error).__name__
                if attempt == attempts:
                    raise SendStopped(f"could not connect to {self.connection.config.where} after {attempts} "
                                      f"attempts ({problem}); run the same command again to resume") from None
                time.sleep(self.policy.connect_backoff * 2 ** (attempt - 1))

    def _settle(self, item: Pending, reply: Reply) -> None:
        """Act on the server's final word about one message."""
        ledger, issue, summary = self.ledger, self.issue, self.summary
        if reply.accepted:
            ledger.delivered(issue, item.email, item.attempts, str(reply))
            summary.delivered += 1
            self.failures_in_row = 0
            return
        self._count_failure(f"{item.email}: {reply}")
        if reply.stage == "mail" and reply.code >= 500:
            raise SendStopped(f"the server refused the sender address {self.sender}: {reply}")
        if 400 <= reply.code < 500:
            if item.attempts <= len(self.policy.retry_delays):
                ledger.deferred(issue, item.email, item.attempts, str(reply))
                summary.deferred += 1
                self.order += 1
                delay = self.policy.retry_delays[item.attempts - 1]
                heapq.heappush(self.waiting, (time.monotonic() + delay, self.order, item))
                return
            ledger.failed(issue, item.email, item.attempts, f"gave up after {item.attempts} tries: {reply}",
                          bounce=False)
            summary.failed += 1
            return
        # A permanent refusal of the recipient means the address does not work. A
        # refusal of the message after DATA may be about its content, so it is
        # recorded as failed without condemning the address.
        ledger.failed(issue, item.email, item.attempts, str(reply), bounce=reply.stage == "rcpt")
        summary.failed += 1
