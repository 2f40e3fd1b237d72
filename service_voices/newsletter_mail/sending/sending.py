"""The sending loop: resumable, paced, retrying, over several connections, and honest about failures.

Order of events for each recipient, and why:
1. read the subscriber's status just before their envelope (MAIL, RCPT) goes out,
   so an unsubscribe made during the send counts;
2. build the message from the prepared template;
3. send it, and only after the server's 250 record the delivery in the ledger,
   always before the same connection carries the next message's content.
A crash between 3 and its record re-sends that message on the next run: at most one
extra copy per crash to each recipient whose message was in flight (one per
connection); no crash can make the ledger claim a delivery that did not happen.

When a connection fails after a message's final "." went out but before its reply
came, nobody knows whether it arrived: the recipient is recorded as uncertain and is
not sent again in this run; the next run tries them once more.

A 4xx reply is deferred and retried after each of NEWSLETTER_RETRY_DELAYS. It never
counts towards the stop rule, which counts only refusals (5xx) and failed
connections. 421, 454 or "too many connections" also make the sender back off:
that connection closes and waits, or retires when others are still working.

With PIPELINING (RFC 2920) a message costs one round trip: its content travels in
the same write as the next recipient's MAIL, RCPT and DATA. A relay 50 ms away
still allows only about 20 messages a second on one connection, so several
connections (NEWSLETTER_SMTP_CONNECTIONS) work through the same queue side by side.
"""

from __future__ import annotations

import heapq
import smtplib
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import parseaddr

from ..bounces.verp import EnvelopeSenders
from .busy import DatabaseBusy
from .ledger import Pending, SendLedger
from .message import Recipient
from .personalise import Personaliser
from .smtp import ConnectionLost, Reply, SmtpConfig, SmtpConnection, is_throttle
from .summary import Summary

TICK_SECONDS = 0.25


class SendStopped(Exception):
    """The send cannot go on; the message says why. A rerun resumes it."""


class _Retire(Exception):
    """This connection gives up its place; the others carry on."""


@dataclass
class SendPolicy:
    rate: float | None = None  # messages per second at most, over all connections
    retry_delays: tuple[float, ...] = (30, 120, 600)
    max_failures_in_row: int = 10
    connect_attempts: int = 4
    connect_backoff: float = 1.0
    connections: int = 1
    # First wait after the server says "slow down"; it doubles up to throttle_backoff_max.
    throttle_backoff: float = 1.0
    throttle_backoff_max: float = 60.0


def envelope_sender(personaliser: Personaliser) -> str:
    return parseaddr(personaliser.template.sender)[1]


class _Pacer:
    """At most ``rate`` message starts a second, shared by every connection."""

    def __init__(self, rate: float | None):
        self.interval = 1.0 / rate if rate else 0.0
        self.next_at = 0.0
        self._lock = threading.Lock()

    def wait(self) -> None:
        if not self.interval:
            return
        with self._lock:
            slot = max(time.monotonic(), self.next_at)
            self.next_at = slot + self.interval
        delay = slot - time.monotonic()
        if delay > 0:
            time.sleep(delay)


@dataclass
class _Prepared:
    item: Pending
    data: bytes


class _Worker:
    """One connection's state."""

    def __init__(self, config: SmtpConfig, backoff: float):
        self.connection = SmtpConnection(config)
        self.first_backoff = backoff
        self.backoff = backoff
        self.slow_down = False  # the server asked this connection to back off
        self.retired = False

    def next_backoff(self, ceiling: float) -> float:
        wait, self.backoff = self.backoff, min(self.backoff * 2, ceiling)
        return wait


class SendRun:
    """One pass over an issue's ledger; ``run()`` may raise SendStopped (a rerun resumes).

    ``on_progress(summary)`` is called after each recipient is settled;
    ``on_tick()`` every quarter second from the calling thread (to renew the send
    lease), and an exception from it stops the send.
    """

    def __init__(self, ledger: SendLedger, issue: str, personaliser: Personaliser, config: SmtpConfig,
                 policy: SendPolicy, on_progress: Callable[[Summary], None] | None = None,
                 on_tick: Callable[[], None] | None = None, bounce_address: str = ""):
        self.ledger = ledger
        self.issue = issue
        self.personaliser = personaliser
        self.config = config
        self.policy = policy
        self.on_progress = on_progress or (lambda summary: None)
        self.on_tick = on_tick or (lambda: None)
        self.sender = envelope_sender(personaliser)
        # With NEWSLETTER_BOUNCE_ADDRESS each recipient gets a VERP return path, so a
        # bounce names its recipient whatever the remote server writes in it.
        self.sender_for = EnvelopeSenders(bounce_address, personaliser.secret, issue, self.sender)
        self.summary = Summary()
        self.failures_in_row = 0
        self.last_problem = ""
        self.queue: deque[Pending] = deque()
        self.waiting: list[tuple[float, int, Pending]] = []
        self.order = 0
        self.pacer = _Pacer(policy.rate)
        self.active = 0
        self.stop_reason: str | None = None
        self._changed = threading.Condition()

    # -- the run ---------------------------------------------------------------

    def run(self) -> Summary:
        ledger, issue = self.ledger, self.issue
        self.summary.delivered_before = ledger.tally(issue)["delivered"]
        self.queue = deque(ledger.pending(issue))
        self.summary.total = len(self.queue)
        self.on_progress(self.summary)
        count = min(max(1, self.policy.connections), len(self.queue))
        workers = [threading.Thread(target=self._work, name=f"smtp-{number}", daemon=True) for number in range(count)]
        self.active = self.summary.connections = count
        try:
            for worker in workers:
                worker.start()
            self._watch(workers)
        finally:
            self.summary.finished = time.monotonic()
        if self.stop_reason:
            raise SendStopped(self.stop_reason)
        ledger.finish_if_done(issue)
        return self.summary

    def _watch(self, workers: list[threading.Thread]) -> None:
        """Wait for the connections to finish, renewing the lease; Ctrl+C lets each finish its message."""
        while any(worker.is_alive() for worker in workers):
            try:
                next(worker for worker in workers if worker.is_alive()).join(TICK_SECONDS)
                self.on_tick()
            except KeyboardInterrupt:
                self._stop("interrupted; run the same command again to resume")
            except StopIteration:
                break
            except Exception as error:  # the lease was lost or could not be renewed
                self._stop(str(error))

    def _stop(self, reason: str) -> None:
        with self._changed:
            if self.stop_reason is None:
                self.stop_reason = reason
            self._changed.notify_all()

    def _work(self) -> None:
        worker = _Worker(self.config, self.policy.throttle_backoff)
        current = None
        try:
            while True:
                if current is None:
                    current = self._next(worker, block=True)
                    if current is None:
                        return
                    if not self._start(worker, current):
                        current = None
                        continue
                current = self._step(worker, current)
                if worker.slow_down:
                    self._back_off(worker)
        except _Retire:
            pass
        except (SendStopped, DatabaseBusy) as stop:
            self._stop(str(stop))
        except Exception as error:  # reported as one line by the task, never as a traceback
            self._stop(f"unexpected {type(error).__name__}: {error}; run the same command again to resume")
        finally:
            worker.connection.close()
            with self._changed:
                if not worker.retired:
                    self.active -= 1
                self._changed.notify_all()

    # -- the queue ---------------------------------------------------------------

    def _requeue(self, item: Pending) -> None:
        with self._changed:
            self.queue.appendleft(item)
            self._changed.notify_all()

    def _take(self, block: bool) -> Pending | float | None:
        """The next recipient, or how long until a retry is due (blocking), or None when there is none."""
        with self._changed:
            if self.stop_reason:
                return None
            now = time.monotonic()
            while self.waiting and self.waiting[0][0] <= now:
                self.queue.append(heapq.heappop(self.waiting)[2])
            if self.queue:
                return self.queue.popleft()
            if block and self.waiting:
                return self.waiting[0][0] - now
            return None

    def _next(self, worker: _Worker, block: bool) -> _Prepared | None:
        """The next active recipient's message; None when none is left (or, not blocking, none is due)."""
        while True:
            taken = self._take(block)
            if taken is None:
                return None
            if isinstance(taken, float):
                # Only retries are left, none due yet: let the idle connection go
                # rather than have the server time it out.
                worker.connection.close()
                with self._changed:
                    self._changed.wait(taken)
                continue
            status, _ = self.ledger.current_status(taken.email)
            if status != "active":
                self.ledger.skipped(self.issue, taken.email, f"{status or 'removed'} when its turn came")
                self._count("skipped")
                continue
            return _Prepared(taken, self.personaliser.message_for(Recipient(taken.email, taken.name)))

    # -- one transaction ---------------------------------------------------------

    def _start(self, worker: _Worker, prepared: _Prepared) -> bool:
        """Open ``prepared``'s transaction on a fresh turn; False if the connection failed."""
        try:
            self._ensure_connected(worker)
        except BaseException:
            self._requeue(prepared.item)
            raise
        self.pacer.wait()
        try:
            worker.connection.start(self.sender_for(prepared.item.email), prepared.item.email)
        except ConnectionLost as lost:
            self._lost(worker, prepared, None, lost)
            return False
        prepared.item.attempts += 1
        return True

    def _step(self, worker: _Worker, current: _Prepared) -> _Prepared | None:
        """Carry ``current`` (its transaction started) to its end; returns the next one, already started."""
        connection = worker.connection
        following = None
        try:
            refusal = connection.finish_envelope()
            if refusal is not None:
                self._settle(worker, current.item, refusal)
                return None
            # The next recipient's status is read and its message built while the
            # server works; with PIPELINING its envelope travels with this content.
            following = self._next(worker, block=False)
            if following is not None and connection.pipelining:
                self.pacer.wait()
                connection.start(self.sender_for(following.item.email), following.item.email, current.data)
                following.item.attempts += 1
            else:
                connection.send_body(current.data)
            reply = connection.result()
        except ConnectionLost as lost:
            self._lost(worker, current, following, lost)
            return None
        # Recorded before this connection carries the next message's content: at
        # most one message per connection is ever out without its record.
        self._settle(worker, current.item, reply)
        if following is None:
            return None
        if connection.client is None:  # the server hung up (421) or asked us to back off
            self._requeue(following.item)
            return None
        if not connection.pipelining:
            self.pacer.wait()
            connection.start(self.sender_for(following.item.email), following.item.email)  # nothing without PIPELINING
            following.item.attempts += 1
        return following

    def _lost(self, worker: _Worker, current: _Prepared, following: _Prepared | None, lost: ConnectionLost) -> None:
        connection = worker.connection
        if following is not None:
            self._requeue(following.item)
        if connection.in_doubt:
            # Its final "." went out and no reply came: it may have arrived. Sending
            # it again now could make a copy; the next run tries it once more.
            connection.in_doubt = False
            self.ledger.uncertain(self.issue, current.item.email, current.item.attempts,
                                  f"no reply after the message was sent: {lost}")
            self._count("uncertain")
        else:
            self._requeue(current.item)
        self._count("reconnects")
        self._count_failure(f"connection lost: {lost}")

    def _settle(self, worker: _Worker, item: Pending, reply: Reply) -> None:
        """Act on the server's final word about one message."""
        ledger, issue = self.ledger, self.issue
        if reply.accepted:
            ledger.delivered(issue, item.email, item.attempts, str(reply))
            worker.backoff = worker.first_backoff
            with self._changed:
                self.failures_in_row = 0
            self._count("delivered")
            return
        if reply.stage == "mail" and reply.code >= 500:
            raise SendStopped(f"the server refused the sender address {self.sender}: {reply}")
        if 400 <= reply.code < 500:
            # A deferral is the server's "not now", not a failure: it never counts
            # towards the stop rule.
            if item.attempts <= len(self.policy.retry_delays):
                ledger.deferred(issue, item.email, item.attempts, str(reply))
                with self._changed:
                    self.order += 1
                    delay = self.policy.retry_delays[item.attempts - 1]
                    heapq.heappush(self.waiting, (time.monotonic() + delay, self.order, item))
                    self._changed.notify_all()
                self._count("deferred")
            else:
                ledger.failed(issue, item.email, item.attempts, f"gave up after {item.attempts} tries: {reply}",
                              bounce=False)
                self._count("failed")
            if reply.throttle:
                # The server wants less of us: hang up rather than say QUIT into a
                # connection that may have the next envelope pipelined on it.
                worker.slow_down = True
                worker.connection.drop()
            return
        # A permanent refusal of the recipient means the address does not work. A
        # refusal of the message after DATA may be about its content, so it is
        # recorded as failed without condemning the address.
        self._count_failure(f"{item.email}: {reply}")
        ledger.failed(issue, item.email, item.attempts, str(reply), bounce=reply.stage == "rcpt")
        self._count("failed")

    # -- counting ------------------------------------------------------------------

    def _count(self, name: str) -> None:
        with self._changed:
            setattr(self.summary, name, getattr(self.summary, name) + 1)
            self.on_progress(self.summary)

    def _count_failure(self, problem: str) -> None:
        with self._changed:
            self.failures_in_row += 1
            self.last_problem = problem
            if self.failures_in_row >= self.policy.max_failures_in_row and self.stop_reason is None:
                self.stop_reason = (f"{self.failures_in_row} recipients in a row were not accepted (last: "
                                    f"{self.last_problem}); stopped. Run the same command again to resume.")
                self._changed.notify_all()

    # -- connections -----------------------------------------------------------------

    def _sleep(self, seconds: float) -> None:
        """Wait, but no longer once the send is stopping."""
        with self._changed:
            self._changed.wait_for(lambda: self.stop_reason is not None, timeout=seconds)

    def _retire(self, worker: _Worker) -> bool:
        """Give up this connection's place if another connection is still working."""
        with self._changed:
            if self.active > 1:
                self.active -= 1
                worker.retired = True
                self._changed.notify_all()
        return worker.retired

    def _back_off(self, worker: _Worker) -> None:
        """The server asked to slow down: one connection fewer, or, the last one, a pause."""
        worker.slow_down = False
        with self._changed:
            self.summary.throttled += 1
        if self._retire(worker):
            raise _Retire
        self._sleep(worker.next_backoff(self.policy.throttle_backoff_max))

    def _ensure_connected(self, worker: _Worker) -> None:
        connection = worker.connection
        if connection.client is not None:
            return
        attempts = self.policy.connect_attempts
        for attempt in range(1, attempts + 1):
            if self.stop_reason:
                raise _Retire
            try:
                connection.open()
                return
            except smtplib.SMTPAuthenticationError as error:
                raise SendStopped(f"the server refused the login of SMTP_USER: {error.smtp_code} "
                                  f"{error.smtp_error.decode('utf-8', 'replace')}") from None
            except smtplib.SMTPResponseException as error:
                text = error.smtp_error.decode("utf-8", "replace") if isinstance(error.smtp_error, bytes) \
                    else str(error.smtp_error)
                problem = f"{error.smtp_code} {text}"
                throttled = is_throttle(error.smtp_code, text)
            except (smtplib.SMTPException, OSError) as error:
                problem = str(error) or type(error).__name__
                throttled = False
            if throttled:
                with self._changed:
                    self.summary.throttled += 1
                if self._retire(worker):
                    raise _Retire
                wait = worker.next_backoff(self.policy.throttle_backoff_max)
            else:
                wait = self.policy.connect_backoff * 2 ** (attempt - 1)
            if attempt == attempts:
                if self._retire(worker):
                    raise _Retire
                raise SendStopped(f"could not connect to {connection.config.where} after {attempts} "
                                  f"attempts ({problem}); run the same command again to resume")
            self._sleep(wait)
