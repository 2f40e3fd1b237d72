"""How fast `invoke send` delivers personalised messages: next to plain smtplib, and against a distant relay.

Not a test: it prints figures. Two modes, both by default, each against a minimal
SMTP sink in its own process on 127.0.0.1:

* zero latency (``--mode zero``): N messages sent twice over in alternating rounds
  (so machine noise hits both sides alike):
  - baseline: the same prebuilt bytes, N times, with smtplib.sendmail on one connection;
  - sending: the real send path on one connection (ledger frozen from N active
    subscribers, a status check before each message, per-recipient
    personalisation and unsubscribe token, a ledger record after each 250), to a
    sink with and one without PIPELINING, and with the default connection count.
* latency (``--mode latency``): the sink waits ``--latency-ms`` (50) before each
  reply, as a relay that far away would seem. One connection then carries at most
  1 / latency messages a second, even with PIPELINING; the send path with the
  default connection count (NEWSLETTER_SMTP_CONNECTIONS) is set against the
  ceiling connections / latency, in the same run.

The sink is a minimal socket server rather than aiosmtpd: aiosmtpd tops out near
800 messages/s here, which would cap both sides and hide the sender's own cost.

Run: `invoke bench-send` or `python tools/benchmarks/send_benchmark.py --messages 10000`.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import smtplib
import socket
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
for folder in (ROOT, ROOT / "plugins", ROOT / "tests" / "helpers"):
    sys.path.insert(0, str(folder))

from service_voices.newsletter_common import default_mail_folder  # noqa: E402
from service_voices.newsletter_mail.sending.ledger import SendLedger  # noqa: E402
from service_voices.newsletter_mail.sending.message import MessageTemplate, Recipient  # noqa: E402
from service_voices.newsletter_mail.sending.personalise import Personaliser  # noqa: E402
from service_voices.newsletter_mail.sending.sending import SendPolicy, SendRun, envelope_sender  # noqa: E402
from service_voices.newsletter_mail.sending.smtp import SmtpConfig  # noqa: E402
from service_voices.newsletter_mail.settings import DEFAULTS  # noqa: E402
from service_voices.newsletter_mail.subscribers.store import ImportRow, SubscriberStore  # noqa: E402

END_OF_DATA = b"\r\n.\r\n"
DEFAULT_CONNECTIONS = int(DEFAULTS["NEWSLETTER_SMTP_CONNECTIONS"])


def _serve_connection(connection: socket.socket, counter, pipelining: bool, latency: float) -> None:
    features = b"250-bench-sink\r\n" + (b"250-PIPELINING\r\n" if pipelining else b"") + b"250 8BITMIME\r\n"

    def answer(data: bytes) -> None:
        if latency:
            time.sleep(latency)  # the round trip to a relay this far away
        connection.sendall(data)

    answer(b"220 bench-sink ESMTP\r\n")
    buffer = b""
    in_data = False
    replies = []  # like real servers, answer a pipelined group in one write
    with connection:
        while True:
            if in_data:
                end = buffer.find(END_OF_DATA)
                if end >= 0:
                    buffer = buffer[end + len(END_OF_DATA):]
                    in_data = False
                    with counter.get_lock():
                        counter.value += 1
                    replies.append(b"250 2.0.0 accepted\r\n")
                    continue
            else:
                line_end = buffer.find(b"\r\n")
                if line_end >= 0:
                    verb = buffer[:4].upper()
                    buffer = buffer[line_end + 2:]
                    if verb == b"DATA":
                        in_data = True
                        # A message may begin at once; the terminator search must see its CRLF.
                        buffer = b"\r\n" + buffer
                        replies.append(b"354 go ahead\r\n")
                    elif verb == b"QUIT":
                        connection.sendall(b"".join(replies) + b"221 bye\r\n")
                        return
                    elif verb in (b"EHLO", b"HELO"):
                        replies.append(features)
                    else:
                        replies.append(b"250 OK\r\n")
                    continue
            if replies:
                answer(b"".join(replies))
                replies.clear()
            chunk = connection.recv(1 << 18)
            if not chunk:
                return
            buffer += chunk


def run_sink(port_queue, counter, pipelining: bool, latency: float) -> None:
    listener = socket.create_server(("127.0.0.1", 0), backlog=64)
    port_queue.put(listener.getsockname()[1])
    while True:
        connection, _ = listener.accept()
        connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        threading.Thread(target=_serve_connection, args=(connection, counter, pipelining, latency),
                         daemon=True).start()


def find_issue(workdir: Path) -> tuple[Path, str]:
    """The newest issue built for output/ (by its issue.json date), else the test fixture's."""
    built = []
    mail = default_mail_folder(ROOT / "output")
    for eml in mail.glob("*/message.eml"):
        try:
            date = json.loads((eml.parent / "issue.json").read_text(encoding="utf-8")).get("date", "")
        except (OSError, ValueError):
            date = ""
        built.append((date, eml))
    if built:
        eml = max(built)[1]
        return eml, f"{mail.name}/{eml.parent.name}/message.eml (the built issue)"
    from sending_fixture import write_issue

    folder = write_issue(workdir / "newsletter-mail", "bench")
    return folder / "message.eml", "tests/helpers/sending_fixture.py issue (no built issue in newsletter-mail/)"


def baseline(port: int, data: bytes, sender: str, recipients: list[str]) -> tuple[float, float]:
    """Messages per second, and client CPU microseconds per message."""
    started, cpu = time.perf_counter(), time.process_time()
    client = smtplib.SMTP("127.0.0.1", port)
    client.ehlo()
    for recipient in recipients:
        client.sendmail(sender, [recipient], data)
    client.quit()
    count = len(recipients)
    return count / (time.perf_counter() - started), (time.process_time() - cpu) / count * 1e6


def real_send(port: int, db: Path, issue: str, template: MessageTemplate, connections: int
              ) -> tuple[float, float, int]:
    """Messages per second, client CPU microseconds per message, messages delivered."""
    personaliser = Personaliser(template, issue, "https://subscribe.example.com", "benchmark-secret")
    ledger = SendLedger(db)
    try:
        ledger.start(issue, "benchmark")
        run = SendRun(ledger, issue, personaliser, SmtpConfig("127.0.0.1", port, tls="none"),
                      SendPolicy(connections=connections))
        started, cpu = time.perf_counter(), time.process_time()
        summary = run.run()
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    finally:
        ledger.close()
    return summary.delivered / seconds, cpu / max(summary.delivered, 1) * 1e6, summary.delivered


def start_sink(pipelining: bool, counter, latency: float = 0.0):
    ports = multiprocessing.Queue()
    process = multiprocessing.Process(target=run_sink, args=(ports, counter, pipelining, latency), daemon=True)
    process.start()
    return process, ports.get(timeout=10)


class Subscribers:
    """One scratch database holding enough active subscribers for every measurement."""

    def __init__(self, workdir: Path, count: int):
        self.db = workdir / "newsletter.db"
        self.people = [f"reader{n:05d}@example.com" for n in range(count)]
        SubscriberStore(self.db).import_rows(ImportRow(n, email, f"Reader {n}") for n, email in enumerate(self.people))
        self.sends = 0

    def issue(self, label: str) -> str:
        self.sends += 1
        return f"bench-{self.sends}-{label}"


def zero_latency_rounds(args, counter, subscribers, template, prebuilt, sender) -> list[dict]:
    # Most real servers advertise PIPELINING, which `invoke send` uses; the second
    # sink does not, to show the sender on the same lock-step path as smtplib.
    sinks = {mode: start_sink(mode == "pipelining", counter) for mode in ("pipelining", "lockstep")}
    rounds = []
    try:
        for number in range(1, args.rounds + 1):
            plain, plain_cpu = baseline(sinks["lockstep"][1], prebuilt, sender, subscribers.people[:args.messages])
            row = {"smtplib_prebuilt_per_s": round(plain), "smtplib_prebuilt_cpu_us": round(plain_cpu)}
            for label, mode, connections in (("pipelining", "pipelining", 1), ("lockstep", "lockstep", 1),
                                              ("connections", "pipelining", args.connections)):
                rate, cpu, delivered = real_send(sinks[mode][1], subscribers.db, subscribers.issue(label), template,
                                                 connections)
                assert delivered == args.messages, f"only {delivered} delivered"
                row.update({f"send_{label}_per_s": round(rate), f"send_{label}_cpu_us": round(cpu),
                            f"ratio_{label}": round(rate / plain, 3)})
            rounds.append(row)
            print(f"round {number}: smtplib prebuilt {row['smtplib_prebuilt_per_s']:,} msg/s "
                  f"({row['smtplib_prebuilt_cpu_us']} us CPU/msg); send {row['send_pipelining_per_s']:,} msg/s "
                  f"({row['send_pipelining_cpu_us']} us, ratio {row['ratio_pipelining']:.2f}); without PIPELINING "
                  f"{row['send_lockstep_per_s']:,} msg/s (ratio {row['ratio_lockstep']:.2f}); over "
                  f"{args.connections} connections {row['send_connections_per_s']:,} msg/s "
                  f"(ratio {row['ratio_connections']:.2f})", flush=True)
    finally:
        for process, _ in sinks.values():
            process.terminate()
    return rounds


def latency_rounds(args, counter, subscribers, template) -> list[dict]:
    latency = args.latency_ms / 1000
    process, port = start_sink(True, counter, latency)
    rounds = []
    try:
        for number in range(1, args.latency_rounds + 1):
            row = {}
            for label, connections, messages in (("one", 1, args.latency_messages // 10),
                                                 ("default", args.connections, args.latency_messages)):
                # A scratch database per measurement would cost an import each; the
                # first ``messages`` subscribers of the shared one are frozen instead.
                rate = _latency_send(port, subscribers, template, label, connections, messages)
                ceiling = connections / latency
                row.update({f"{label}_connections": connections, f"{label}_messages": messages,
                            f"{label}_per_s": round(rate, 1), f"{label}_ceiling_per_s": round(ceiling, 1),
                            f"{label}_share_of_ceiling": round(rate / ceiling, 3)})
            rounds.append(row)
            print(f"latency round {number} ({args.latency_ms:g} ms before each reply): {args.connections} connections "
                  f"{row['default_per_s']:,.1f} msg/s of a ceiling of {row['default_ceiling_per_s']:,.0f} "
                  f"({row['default_share_of_ceiling']:.2f}); one connection {row['one_per_s']:.1f} of "
                  f"{row['one_ceiling_per_s']:.0f} ({row['one_share_of_ceiling']:.2f})", flush=True)
    finally:
        process.terminate()
    return rounds


def _latency_send(port, subscribers, template, label, connections, messages) -> float:
    issue = subscribers.issue(f"latency-{label}")
    ledger = SendLedger(subscribers.db)
    try:
        ledger.start(issue, "benchmark")
        # Keep the first ``messages`` recipients: the rest are settled as skipped up front.
        ledger.connection.execute("UPDATE deliveries SET state = 'skipped' WHERE issue = ? AND email >= ?",
                                  (issue, subscribers.people[messages]))
    finally:
        ledger.close()
    rate, _, delivered = real_send(port, subscribers.db, issue, template, connections)
    assert delivered == messages, f"only {delivered} of {messages} delivered"
    return rate


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mode", choices=("both", "zero", "latency"), default="both")
    parser.add_argument("--messages", type=int, default=10_000, help="messages per zero-latency measurement")
    parser.add_argument("--rounds", type=int, default=5, help="zero-latency rounds")
    parser.add_argument("--latency-ms", type=float, default=50.0, help="the sink's wait before each reply")
    parser.add_argument("--latency-messages", type=int, default=2_000,
                        help="messages per latency measurement with the default connection count")
    parser.add_argument("--latency-rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=DEFAULT_CONNECTIONS,
                        help=f"connections for the send path (default: the setting, {DEFAULT_CONNECTIONS})")
    parser.add_argument("--json", default=str(ROOT / "bench-results-send.json"))
    args = parser.parse_args(argv)

    counter = multiprocessing.Value("q", 0)
    result = {"connections": args.connections, "load_average_before": os.getloadavg()}
    with tempfile.TemporaryDirectory(prefix="send-bench-") as scratch:
        workdir = Path(scratch)
        eml, issue_source = find_issue(workdir)
        template = MessageTemplate(eml.read_bytes())
        needed = max(args.messages if args.mode != "latency" else 0,
                     args.latency_messages + 1 if args.mode != "zero" else 0)
        subscribers = Subscribers(workdir, needed)
        sample = Personaliser(template, "bench", "https://subscribe.example.com", "benchmark-secret")
        prebuilt = sample.message_for(Recipient(subscribers.people[0], "Reader 0"))
        result.update({"issue": issue_source, "bytes_per_message": len(prebuilt)})
        print(f"Issue: {issue_source}; {len(prebuilt):,} bytes per message; send path over "
              f"{args.connections} connection(s) by default.", flush=True)
        if args.mode != "latency":
            rounds = zero_latency_rounds(args, counter, subscribers, template, prebuilt, envelope_sender(sample))
            median = {key: statistics.median(row[key] for row in rounds) for key in rounds[0]}
            result["zero_latency"] = {"messages": args.messages, "rounds": rounds, "median": median}
            print(f"zero latency, median of {args.rounds} round(s): smtplib prebuilt "
                  f"{median['smtplib_prebuilt_per_s']:,.0f} msg/s; send {median['send_pipelining_per_s']:,.0f} msg/s "
                  f"(ratio {median['ratio_pipelining']:.2f}, aim 0.90); without PIPELINING "
                  f"{median['send_lockstep_per_s']:,.0f} msg/s (ratio {median['ratio_lockstep']:.2f}); over "
                  f"{args.connections} connections {median['send_connections_per_s']:,.0f} msg/s "
                  f"(ratio {median['ratio_connections']:.2f}).", flush=True)
        if args.mode != "zero":
            rounds = latency_rounds(args, counter, subscribers, template)
            median = {key: statistics.median(row[key] for row in rounds) for key in rounds[0]}
            result["latency"] = {"latency_ms": args.latency_ms, "rounds": rounds, "median": median}
            print(f"latency {args.latency_ms:g} ms, median of {args.latency_rounds} round(s): {args.connections} "
                  f"connections {median['default_per_s']:,.1f} msg/s against a ceiling of "
                  f"{median['default_ceiling_per_s']:,.0f} ({median['default_share_of_ceiling']:.2f}, aim 0.80); one "
                  f"connection {median['one_per_s']:.1f} of {median['one_ceiling_per_s']:.0f}.", flush=True)
    result.update({"sink_received": counter.value, "load_average_after": os.getloadavg()})
    print(f"Load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs.")
    Path(args.json).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"Wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
