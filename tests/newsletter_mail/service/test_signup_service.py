"""The subscription service, running under uvicorn, driven over HTTP like a browser,
a mail client or a link scanner would, with a real SMTP server catching the mail."""

from __future__ import annotations

import asyncio
import itertools
import re
import sqlite3

import httpx
import pytest
from bs4 import BeautifulSoup
from signup_support import SECRET, eventually, running_service

from service_voices.newsletter_mail.subscribers.store import ImportRow, SubscriberStore
from service_voices.newsletter_mail.subscribers.tokens import make_token, unsubscribe_url

THANKS = "https://voices.example/newsletter-thanks/"
CLIENT_LIMIT = 5
EMAIL_LIMIT = 3


@pytest.fixture(scope="module")
def service(tmp_path_factory, sink):
    folder = tmp_path_factory.mktemp("signup-service")
    with running_service(folder, sink.port, NEWSLETTER_SIGNUP_CLIENT_LIMIT=CLIENT_LIMIT,
                         NEWSLETTER_SIGNUP_EMAIL_LIMIT=EMAIL_LIMIT) as running:
        yield running


@pytest.fixture(scope="module")
def store(service):
    return SubscriberStore(service.db_path)


_client_numbers = itertools.count(1)


def client_address() -> str:
    """A client address of its own per call, so the per-client limit counts each test apart.

    The service believes X-Forwarded-For from 127.0.0.1, as it would from a proxy there.
    """
    number = next(_client_numbers)
    return f"198.51.{number // 250}.{number % 250 + 1}"


@pytest.fixture
def browser(service):
    with httpx.Client(base_url=service.url, headers={"X-Forwarded-For": client_address()},
                      follow_redirects=False, timeout=30) as client:
        yield client


def signup(client: httpx.Client, address: str, name: str = "", **extra) -> httpx.Response:
    return client.post("/subscribe", data={"email": address, "name": name, "website": "", **extra})


def active_subscriber(store: SubscriberStore, address: str) -> str:
    store.request_subscription(address, "Reader", "test")
    assert store.activate(address)
    return address


def active_subscribers(store: SubscriberStore, addresses: list[str]) -> list[str]:
    """Many at once, in one transaction, as an import of opted-in people adds them."""
    report = store.import_rows(ImportRow(line, address, "") for line, address in enumerate(addresses, 1))
    assert report.added == len(addresses), report.summary
    return addresses


def page_text(response: httpx.Response) -> str:
    return " ".join(BeautifulSoup(response.text, "lxml").get_text(" ").split())


def status_of(store: SubscriberStore, address: str) -> str | None:
    found = store.get(address)
    return found.status if found else None


def test_signup_mail_confirm_makes_the_subscriber_active(browser, sink, store):
    answer = signup(browser, "Maya.Reyes@Example.org", "Maya Reyes")
    assert answer.status_code == 303
    assert answer.headers["location"] == THANKS
    assert status_of(store, "maya.reyes@example.org") == "pending"

    mail = sink.wait_for("maya.reyes@example.org")
    assert mail["To"] == "maya.reyes@example.org"
    assert mail["Subject"] == "Confirm your subscription to Service Voices"
    body = mail.get_content()
    link = re.search(r"(http://127\.0\.0\.1:\d+/confirm\?token=\S+)", body).group(1)

    page = browser.get(link)
    assert page.status_code == 200
    form = BeautifulSoup(page.text, "lxml").find("form")
    assert form["method"] == "post" and form.find("button").get_text() == "Confirm my subscription"
    assert status_of(store, "maya.reyes@example.org") == "pending", "a GET must not confirm"

    done = browser.post("/confirm", data={"token": form.find("input", {"name": "token"})["value"]})
    assert done.status_code == 200
    assert "You are subscribed" in page_text(done)
    assert status_of(store, "maya.reyes@example.org") == "active"


def test_an_active_address_gets_the_same_answer_and_no_second_mail(browser, sink, store):
    active_subscriber(store, "already@example.org")
    for_active = signup(browser, "already@example.org")
    for_new = signup(browser, "newcomer@example.org")
    assert (for_active.status_code, for_active.headers["location"], for_active.content) == \
           (for_new.status_code, for_new.headers["location"], for_new.content)
    # The decision to mail is taken before the answer leaves, so once the later
    # sign-up's mail is in, any mail for the active address would be too.
    sink.wait_for("newcomer@example.org")
    assert sink.to("already@example.org") == []
    assert status_of(store, "already@example.org") == "active"


def test_unsubscribed_people_can_sign_up_again_with_a_fresh_confirmation(browser, sink, store):
    active_subscriber(store, "returning@example.org")
    store.unsubscribe("returning@example.org")
    assert signup(browser, "returning@example.org", "Typed By Anyone").status_code == 303
    mail = sink.wait_for("returning@example.org")
    # Until the person's own click, the sign-up changes nothing.
    assert status_of(store, "returning@example.org") == "unsubscribed"
    assert store.get("returning@example.org").name == "Reader"
    link = re.search(r"(http://127\.0\.0\.1:\d+/confirm\?token=\S+)", mail.get_content()).group(1)
    token = BeautifulSoup(browser.get(link).text, "lxml").find("input", {"name": "token"})["value"]
    assert browser.post("/confirm", data={"token": token}).status_code == 200
    assert status_of(store, "returning@example.org") == "active"
    assert store.history("returning@example.org")[-1].how == "confirm-click"


def test_one_click_unsubscribe_form_encoded_as_gmail_posts_it(service, store):
    address = active_subscriber(store, "one.click@example.org")
    url = unsubscribe_url(service.url, SECRET, address)
    # What a mailbox provider sends: the List-Unsubscribe URL, this body, no cookies.
    for attempt in (1, 2):
        with httpx.Client(follow_redirects=False) as provider:
            answer = provider.post(url, content=b"List-Unsubscribe=One-Click",
                                   headers={"Content-Type": "application/x-www-form-urlencoded"})
        assert answer.status_code == 200, attempt
        assert "location" not in answer.headers
        assert "set-cookie" not in answer.headers
        assert status_of(store, address) == "unsubscribed"


def test_one_click_unsubscribe_multipart_as_rfc_8058_shows_it(service, store):
    address = active_subscriber(store, "multipart@example.org")
    body = (b"--FormBoundary\r\n"
            b'Content-Disposition: form-data; name="List-Unsubscribe"\r\n\r\n'
            b"One-Click\r\n"
            b"--FormBoundary--\r\n")
    answer = httpx.post(unsubscribe_url(service.url, SECRET, address), content=body,
                        headers={"Content-Type": "multipart/form-data; boundary=FormBoundary"})
    assert answer.status_code == 200
    assert status_of(store, address) == "unsubscribed"


def test_the_unsubscribe_page_asks_before_it_acts(browser, service, store):
    address = active_subscriber(store, "page.reader@example.org")
    link = unsubscribe_url(service.url, SECRET, address)
    page = browser.get(link)
    assert page.status_code == 200
    assert "page.reader@example.org" in page_text(page)
    assert status_of(store, address) == "active"
    form = BeautifulSoup(page.text, "lxml").find("form")
    assert form["action"] == "unsubscribe"
    done = browser.post("/unsubscribe", data={"token": form.find("input", {"name": "token"})["value"]})
    assert done.status_code == 200
    assert "You are unsubscribed" in page_text(done)
    assert status_of(store, address) == "unsubscribed"


def test_unsubscribing_an_address_that_is_gone_still_answers_kindly(service, store):
    answer = httpx.post(unsubscribe_url(service.url, SECRET, "never.listed@example.org"),
                        data={"List-Unsubscribe": "One-Click"})
    assert answer.status_code == 200
    assert store.get("never.listed@example.org") is None


def _tampered(token: str) -> str:
    head, _, tail = token.rpartition(".")
    return f"{head}.{'A' if tail[0] != 'A' else 'B'}{tail[1:]}"


@pytest.mark.parametrize("case, path, title", [
    ("missing", "/confirm", "This link is incomplete"),
    ("tampered", "/confirm", "This link is not valid"),
    ("expired", "/confirm", "This confirmation link has expired"),
    ("other purpose", "/confirm", "This link is not valid"),
    ("garbage", "/confirm", "This link is not valid"),
    ("missing", "/unsubscribe", "This link is incomplete"),
    ("tampered", "/unsubscribe", "This link is not valid"),
    ("other purpose", "/unsubscribe", "This link is not valid"),
])
@pytest.mark.parametrize("method", ["GET", "POST"])
def test_bad_tokens_get_a_clear_400_page_and_change_nothing(service, store, case, path, title, method):
    address = f"token.{case.replace(' ', '-')}.{path.strip('/')}.{method.lower()}@example.org"
    store.request_subscription(address, "", "test")
    if path == "/unsubscribe":
        store.activate(address)
    before = status_of(store, address)
    purpose = path.strip("/")
    token = {
        "missing": "",
        "tampered": _tampered(make_token(SECRET, address, purpose)),
        "expired": make_token(SECRET, address, purpose, issued_at=1_000_000_000),
        "other purpose": make_token(SECRET, address, "unsubscribe" if purpose == "confirm" else "confirm"),
        "garbage": "not.a.token%00\u00e9" * 3,
    }[case]
    if method == "GET":
        answer = httpx.get(f"{service.url}{path}", params={"token": token} if token else None)
    else:
        answer = httpx.post(f"{service.url}{path}", data={"token": token, "List-Unsubscribe": "One-Click"})
    assert answer.status_code == 400
    assert answer.headers["content-type"].startswith("text/html")
    text = page_text(answer)
    assert title in text
    assert "Traceback" not in answer.text and "Error" not in text
    assert status_of(store, address) == before


@pytest.mark.parametrize("method", ["GET", "HEAD"])
def test_fetching_links_never_changes_anything(browser, service, store, method):
    pending = f"scanned.pending.{method.lower()}@example.org"
    active = active_subscriber(store, f"scanned.active.{method.lower()}@example.org")
    store.request_subscription(pending, "", "test")
    for url in (f"{service.url}/confirm?token={make_token(SECRET, pending, 'confirm')}",
                unsubscribe_url(service.url, SECRET, active),
                f"{service.url}/subscribe?email=scanned.new@example.org",
                f"{service.url}/unsubscribe?token={make_token(SECRET, active, 'unsubscribe')}"
                "&List-Unsubscribe=One-Click"):
        assert browser.request(method, url).status_code == 200
    assert status_of(store, pending) == "pending"
    assert status_of(store, active) == "active"
    assert store.get("scanned.new@example.org") is None


def test_sign_ups_are_limited_per_client_address(service, store):
    crowded, other = client_address(), client_address()
    with httpx.Client(base_url=service.url, headers={"X-Forwarded-For": crowded}) as client:
        answers = [signup(client, f"crowd{number}@example.org") for number in range(CLIENT_LIMIT + 1)]
    assert [answer.status_code for answer in answers] == [303] * CLIENT_LIMIT + [429]
    assert int(answers[-1].headers["retry-after"]) > 0
    assert "Too many sign-ups" in page_text(answers[-1])
    assert store.get(f"crowd{CLIENT_LIMIT}@example.org") is None
    with httpx.Client(base_url=service.url, headers={"X-Forwarded-For": other}) as client:
        assert signup(client, f"crowd{CLIENT_LIMIT}@example.org").status_code == 303


def test_forwarded_addresses_count_only_from_a_trusted_proxy(tmp_path, sink):
    # Here 127.0.0.1 is not the trusted proxy, so a client cannot pick its own address.
    with running_service(tmp_path, sink.port, forwarded_allow_ips="10.0.0.5",
                         NEWSLETTER_SIGNUP_CLIENT_LIMIT=2) as untrusting:
        codes = [httpx.post(f"{untrusting.url}/subscribe", data={"email": f"spoof{number}@example.org"},
                            headers={"X-Forwarded-For": f"203.0.113.{number}"}).status_code
                 for number in range(3)]
    assert codes == [303, 303, 429]


def test_sign_ups_are_limited_per_email_address(service, sink):
    spellings = ["pestered@example.org", " Pestered@EXAMPLE.org ", "PESTERED@example.ORG"]
    answers = []
    for number in range(EMAIL_LIMIT + 1):
        with httpx.Client(base_url=service.url, headers={"X-Forwarded-For": client_address()}) as client:
            # Case and spacing do not make a new address.
            answers.append(signup(client, spellings[number % len(spellings)]))
    assert [answer.status_code for answer in answers] == [303] * EMAIL_LIMIT + [429]
    assert eventually(lambda: len(sink.to("pestered@example.org")) == EMAIL_LIMIT)


def test_a_filled_honeypot_is_thanked_and_ignored(browser, store):
    answer = signup(browser, "robot@example.org", website="https://spam.example")
    assert answer.status_code == 303 and answer.headers["location"] == THANKS
    assert store.get("robot@example.org") is None


@pytest.mark.parametrize("typed", [
    "victim@example.org\r\nBcc: everyone@example.org",
    "victim@example.org\nSubject: free money",
    "Victim <victim@example.org>",
    "a@b@example.org",
    "no-at-sign.example.org",
    "x" * 300 + "@example.org",
    "",
])
def test_bad_addresses_are_refused_with_the_form_and_a_reason(browser, store, typed):
    answer = signup(browser, typed)
    assert answer.status_code == 400
    soup = BeautifulSoup(answer.text, "lxml")
    assert soup.find(id="signup-error").get_text().startswith("That email address ")
    assert soup.find("input", {"name": "email"})["aria-invalid"] == "true"
    with sqlite3.connect(store.path) as db:
        assert db.execute("SELECT COUNT(*) FROM subscribers WHERE email LIKE '%victim%' "
                          "OR email LIKE '%<%' OR email LIKE '%@%@%'").fetchone()[0] == 0


def test_names_are_cleaned_bounded_and_kept_out_of_the_mail(browser, sink, store):
    messy = "Ann\r\nBcc: evil@example.org\x00\u202e\tLee " + "x" * 500
    assert signup(browser, "ann.lee@example.org", messy).status_code == 303
    stored = store.get("ann.lee@example.org").name
    assert stored.startswith("Ann Bcc: evil@example.org Lee x")
    assert len(stored) <= 100
    assert not any(char in stored for char in "\r\n\x00\u202e\t")
    mail = sink.wait_for("ann.lee@example.org")
    raw = next(raw for rcpts, message, raw in sink.messages if "ann.lee@example.org" in rcpts)
    assert b"evil" not in raw and mail["Bcc"] is None
    assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b""), "policy.SMTP line ends"


def test_oversized_bodies_are_refused(browser, store):
    answer = browser.post("/subscribe", data={"email": "big@example.org", "name": "n" * 20_000})
    assert answer.status_code == 413
    assert store.get("big@example.org") is None


def test_fifty_sign_ups_and_fifty_unsubscribes_at_once_lose_and_double_nothing(service, store):
    leaving = active_subscribers(store, [f"leaving{number}@example.org" for number in range(50)])
    joining = [f"joining{number}@example.org" for number in range(50)]

    async def storm():
        async with httpx.AsyncClient(timeout=60, limits=httpx.Limits(max_connections=100)) as client:
            async def join(address):
                answer = await client.post(f"{service.url}/subscribe", data={"email": address},
                                           headers={"X-Forwarded-For": client_address()})
                return answer.status_code

            async def leave(address):
                answer = await client.post(unsubscribe_url(service.url, SECRET, address),
                                           data={"List-Unsubscribe": "One-Click"})
                return answer.status_code

            return await asyncio.gather(*(join(a) for a in joining), *(leave(a) for a in leaving))

    codes = asyncio.run(storm())
    assert codes == [303] * 50 + [200] * 50
    with sqlite3.connect(store.path) as db:
        rows = dict(db.execute("SELECT email, status FROM subscribers WHERE email LIKE 'joining%' "
                               "OR email LIKE 'leaving%'").fetchall())
        duplicates = db.execute("SELECT COUNT(*) - COUNT(DISTINCT lower(email)) FROM subscribers").fetchone()[0]
    assert duplicates == 0
    assert {address: rows.get(address) for address in joining} == dict.fromkeys(joining, "pending")
    assert {address: rows.get(address) for address in leaving} == dict.fromkeys(leaving, "unsubscribed")


def test_the_load_benchmark_in_small(tmp_path):
    """tools/benchmarks/unsubscribe_load.py with 200 requests: every answer a 200, every row changed."""
    from tools.benchmarks import unsubscribe_load

    result = unsubscribe_load.run(requests=200, concurrency=20, folder=tmp_path)
    assert (result["errors"], result["first_errors"]) == (0, [])
    assert (result["rows_unsubscribed"], result["rows_still_active"]) == (200, 0)
    assert result["latency_ms"]["p50"] <= result["latency_ms"]["p99"] <= result["latency_ms"]["max"]


def test_every_answer_carries_the_protective_headers(browser):
    answer = browser.get("/subscribe")
    assert answer.status_code == 200
    assert answer.headers["referrer-policy"] == "no-referrer"
    assert answer.headers["cache-control"] == "no-store"
    assert "frame-ancestors 'none'" in answer.headers["content-security-policy"]
    assert browser.get("/no-such-page").status_code == 404
    assert browser.put("/subscribe").status_code == 405
