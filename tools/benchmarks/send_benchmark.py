"""How fast `invoke send` delivers personalised messages, next to plain smtplib.

Not a test: it prints figures. In one run it sends N messages twice over (rounds
alternate, so machine noise hits both sides alike) to a deliberately fast SMTP sink
in its own process on 127.0.0.1:

* baseline: the same prebuilt bytes, N times, with smtplib.sendmail on one connection;
* sending: the real send path (ledger frozen from N active subscribers, a status
  check before each message, per-recipient personalisation and unsubscribe token,
  a ledger record after each 250).

The sink is a minimal socket server rather than aiosmtpd: aiosmtpd tops out near
800 messages/s here, which would cap both sides and hide the sender's own cost.

Run: `invoke bench-send` or `python benchmarks/send_benchmark.py --messages 10000`.
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
for folder in (ROOT, ROOT / "plugins", ROOT / "tests"):
    sys.path.insert(0, str(folder))

from service_voices.newsletter_mail.sending.ledger import SendLedger  # noqa: E402
from service_voices.newsletter_mail.sending.message import MessageTemplate, Recipient  # noqa: E402
from service_voices.newsletter_mail.sending.personalise import Personaliser  # noqa: E402
from service_voices.newsletter_mail.sending.sending import SendPolicy, SendRun, envelope_sender  # noqa: E402
from service_voices.newsletter_mail.sending.smtp import SmtpConfig  # noqa: E402
from service_voices.newsletter_mail.subscribers.store import ImportRow, SubscriberStore  # noqa: E402

END_OF_DATA = b"\r\n.\r\n"


def _serve_connection(connection: socket.socket, counter, pipelining: bool) -> None:
    features = b"250-bench-sink\r\n" + (b"250-PIPELINING\r\n" if pipelining else b"") + b"250 8BITMIME\r\n"
    connection.sendall(b"220 bench-sink ESMTP\r\n")
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
                connection.sendall(b"".join(replies))
                replies.clear()
            chunk = connection.recv(1 << 18)
            if not chunk:
                return
            buffer += chunk


def run_sink(port_queue, counter, pipelining: bool) -> None:
    listener = socket.create_server(("127.0.0.1", 0))
    port_queue.put(listener.getsockname()[1])
    while True:
        connection, _ = listener.accept()
        connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        threading.Thread(target=_serve_connection, args=(connection, counter, pipelining), daemon=True).start()


def find_issue(workdir: Path) -> tuple[Path, str]:
    """The newest issue in output/ (by its issue.json date), else the test fixture's."""
    built = []
    for eml in (ROOT / "output" / "newsletter").glob("*/message.eml"):
        try:
            date = json.loads((eml.parent / "issue.json").read_text(encoding="utf-8")).get("date", "")
        except (OSError, ValueError):
            date = ""
        built.append((date, eml))
    if built:
        eml = max(built)[1]
        return eml, f"output/newsletter/{eml.parent.name}/message.eml (the built issue)"
    from sending_fixture import write_issue

    folder = write_issue(workdir / "output", "bench")
    return folder / "message.eml", "tests/sending_fixture.py issue (no built issue in output/)"


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


def real_send(port: int, db: Path, issue: str, template: MessageTemplate) -> tuple[float, float, int]:
    personaliser = Personaliser(template, issue, "https://subscribe.example.com", "benchmark-secret")
    ledger = SendLedger(db)
    try:
        ledger.start(issue, "benchmark")
        run = SendRun(ledger, issue, personaliser, SmtpConfig("127.0.0.1", port, tls="none"), SendPolicy())
        started, cpu = time.perf_counter(), time.process_time()
        summary = run.run()
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    finally:
        ledger.close()
    return summary.delivered / seconds, cpu / max(summary.delivered, 1) * 1e6, summary.delivered


def start_sink(pipelining: bool, counter):
    ports = multiprocessing.Queue()
    process = multiprocessing.Process(target=run_sink, args=(ports, counter, pipelining), daemon=True)
    process.start()
    return process, ports.get(timeout=10)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--json", default=str(ROOT / "bench-results-send.json"))
    args = parser.parse_args(argv)

    counter = multiprocessing.Value("q", 0)
    # Most real servers advertise PIPELINING, which `invoke send` uses; the second
    # sink does not, to show the sender on the same lock-step path as smtplib.
    sinks = {mode: start_sink(mode == "pipelining", counter) for mode in ("pipelining", "lockstep")}
    rounds = []
    try:
        with tempfile.TemporaryDirectory(prefix="send-bench-") as scratch:
            workdir = Path(scratch)
            eml, issue_source = find_issue(workdir)
            template = MessageTemplate(eml.read_bytes())
            db = workdir / "newsletter.db"
            store = SubscriberStore(db)
            people = [f"reader{n:05d}@example.com" for n in range(args.messages)]
            store.import_rows(ImportRow(n, email, f"Reader {n}") for n, email in enumerate(people))
            sample = Personaliser(template, "bench", "https://subscribe.example.com", "benchmark-secret")
            prebuilt = sample.message_for(Recipient(people[0], "Reader 0"))
            sender = envelope_sender(sample)
            print(f"Issue: {issue_source}; {len(prebuilt):,} bytes per message; {args.messages:,} messages "
                  f"per measurement, {args.rounds} round(s).", flush=True)
            for number in range(1, args.rounds + 1):
                plain, plain_cpu = baseline(sinks["lockstep"][1], prebuilt, sender, people)
                row = {"smtplib_prebuilt_per_s": round(plain), "smtplib_prebuilt_cpu_us": round(plain_cpu)}
                for mode, (_, port) in sinks.items():
                    rate, cpu, delivered = real_send(port, db, f"bench-{number}-{mode}", template)
                    assert delivered == args.messages, f"only {delivered} delivered"
                    row.update({f"send_{mode}_per_s": round(rate), f"send_{mode}_cpu_us": round(cpu),
                                f"ratio_{mode}": round(rate / plain, 3)})
                rounds.append(row)
                print(f"round {number}: smtplib prebuilt {row['smtplib_prebuilt_per_s']:,} msg/s "
                      f"({row['smtplib_prebuilt_cpu_us']} us CPU/msg); send {row['send_pipelining_per_s']:,} msg/s "
                      f"({row['send_pipelining_cpu_us']} us, ratio {row['ratio_pipelining']:.2f}); send without "
                      f"PIPELINING {row['send_lockstep_per_s']:,} msg/s ({row['send_lockstep_cpu_us']} us, "
                      f"ratio {row['ratio_lockstep']:.2f})", flush=True)
    finally:
        for process, _ in sinks.values():
            process.terminate()
    result = {"messages": args.messages, "issue": issue_source, "bytes_per_message": len(prebuilt),
              "sink_received": counter.value, "load_average": os.getloadavg(), "rounds": rounds}
    median = {key: statistics.median(row[key] for row in rounds) for key in rounds[0]}
    result["median"] = median
    print(f"median of {args.rounds} round(s): smtplib prebuilt {median['smtplib_prebuilt_per_s']:,.0f} msg/s; "
          f"send {median['send_pipelining_per_s']:,.0f} msg/s (ratio {median['ratio_pipelining']:.2f}); without "
          f"PIPELINING {median['send_lockstep_per_s']:,.0f} msg/s (ratio {median['ratio_lockstep']:.2f}); "
          f"aim: at least 0.80. Load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs.")
    Path(args.json).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"Wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
