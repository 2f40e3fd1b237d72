"""Sign-ups and unsubscribes through the running service while `invoke send` is
delivering an issue from the same database, in another process.

The SMTP sink holds the first message to a "z-" address until the storm of requests
is over, so the send is certainly running, and certainly not yet past the people
who leave, whatever the machine's speed. (tests/smtp_sink.py cannot hold a message,
hence the sink from signup_support.)"""

from __future__ import annotations

import asyncio
import os
import sqlite3
import subprocess
import sys

import httpx
from sending_fixture import live_site
from signup_support import ROOT, SECRET, Sink, eventually, running_service, smtp_sink

from service_voices.newsletter_mail.subscribers.store import ImportRow, SubscriberStore
from service_voices.newsletter_mail.subscribers.tokens import unsubscribe_url

ISSUE = "2026-11"
SUBJECT = "Service Voices — November 2026"
# The ledger sends in address order: the "a-" people first, the "z-" people last.
EARLY = [f"a-early{number:03d}@example.org" for number in range(40)]
LEAVING = [f"z-leaving{number:02d}@example.org" for number in range(50)]
JOINING = [f"n-joining{number:02d}@example.org" for number in range(50)]


def newsletters(sink: Sink, start: int = 0) -> list[str]:
    """Recipients of the issue, one entry per message, in arrival order."""
    with sink._arrived:
        arrived = list(sink.messages[start:])
    return [recipient.lower() for recipients, message, raw in arrived if message["Subject"] == SUBJECT
            for recipient in recipients]


async def storm(service_url: str) -> list[int]:
    """50 sign-ups and 50 one-click unsubscribes, all at once."""
    async with httpx.AsyncClient(timeout=120, limits=httpx.Limits(max_connections=100)) as client:
        async def join(number, address):
            answer = await client.post(f"{service_url}/subscribe", data={"email": address},
                                       headers={"X-Forwarded-For": f"192.0.2.{number + 1}"})
            return answer.status_code

        async def leave(address):
            answer = await client.post(unsubscribe_url(service_url, SECRET, address),
                                       content=b"List-Unsubscribe=One-Click",
                                       headers={"Content-Type": "application/x-www-form-urlencoded"})
            return answer.status_code

        return await asyncio.gather(*(join(n, a) for n, a in enumerate(JOINING)), *(leave(a) for a in LEAVING))


def test_the_sender_skips_people_who_unsubscribe_mid_send(tmp_path):
    db = tmp_path / "newsletter.db"
    store = SubscriberStore(db)
    store.import_rows(ImportRow(line, address, "") for line, address in enumerate(EARLY + LEAVING, 1))
    with smtp_sink() as sink, running_service(tmp_path / "service", sink.port, NEWSLETTER_DB=str(db)) as service:
        sink.hold(lambda recipients: any(address.startswith("z-") for address in recipients))
        # One connection, so that the send goes strictly in address order. The service
        # runs on plain http here, hence the loopback-trial flag.
        site = live_site(tmp_path / "site", service.url, (ISSUE,), SUBJECT, NEWSLETTER_DB=str(db),
                         NEWSLETTER_SMTP_TIMEOUT=300, NEWSLETTER_SMTP_CONNECTIONS=1)
        env = {**os.environ, "NEWSLETTER_SECRET": SECRET, "SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(sink.port),
               "SMTP_TLS": "none", "SMTP_USER": "", "SMTP_PASSWORD": ""}
        sender = subprocess.Popen(
            [sys.executable, "-m", "invoke", "send", ISSUE, "--yes", "--allow-insecure-links",
             "--db", str(db), "--settings", str(site.settings)],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        try:
            assert eventually(lambda: sink.holding.is_set() or sender.poll() is not None, timeout=120)
            assert sender.poll() is None, "the send must still be running when the storm starts"
            codes = asyncio.run(storm(service.url))
            before_release = newsletters(sink)
            sink.release()
            log, _ = sender.communicate(timeout=240)
        finally:
            sink.release()
            if sender.poll() is None:
                sender.kill()
        assert sender.returncode == 0, log
        assert codes == [303] * len(JOINING) + [200] * len(LEAVING)
        assert eventually(lambda: all(sink.to(address) for address in JOINING))
        sent = newsletters(sink)
        confirmations = {address: len(sink.to(address)) for address in JOINING}

    assert sorted(before_release) == sorted(EARLY), "the send was held at the first z- address"
    per_person = {address: 0 for address in EARLY + LEAVING + JOINING}
    for recipient in sent:
        per_person[recipient] += 1
    assert all(per_person[address] == 1 for address in EARLY), "everyone who stayed got it exactly once"
    assert all(per_person[address] == 0 for address in JOINING), "pending people get no issue"
    # The held message passed its status check before the storm, and so may the one
    # the sender prepares while it waits for the server's answer (it pipelines).
    in_flight = [address for address in LEAVING if per_person[address]]
    assert in_flight == LEAVING[:len(in_flight)] and 1 <= len(in_flight) <= 2, in_flight
    with sqlite3.connect(db) as connection:
        ledger = dict(connection.execute(
            "SELECT email, state FROM deliveries WHERE issue = ? AND email LIKE 'z-%'", (ISSUE,)))
        rows = dict(connection.execute("SELECT email, status FROM subscribers"))
    assert ledger == {**dict.fromkeys(in_flight, "delivered"), **dict.fromkeys(LEAVING[len(in_flight):], "skipped")}
    assert {address: rows[address] for address in LEAVING} == dict.fromkeys(LEAVING, "unsubscribed")
    assert {address: rows[address] for address in JOINING} == dict.fromkeys(JOINING, "pending")
    assert len(rows) == len(EARLY) + len(LEAVING) + len(JOINING), "no row lost or doubled"
    assert confirmations == dict.fromkeys(JOINING, 1)
