"""Consent over HTTP: a stranger typing someone's address changes nothing, only that
person's own confirmation click does; "also delete my data" forgets the address."""

from __future__ import annotations

import re
import time

import httpx
import pytest
from bs4 import BeautifulSoup
from signup_support import SECRET, running_service

from service_voices.newsletter_mail.subscribers.store import ImportRow, SubscriberStore
from service_voices.newsletter_mail.subscribers.tokens import make_token, unsubscribe_url

pytestmark = pytest.mark.slow

SITE_ORIGIN = "https://voices.example"


@pytest.fixture(scope="module")
def service(tmp_path_factory, sink):
    with running_service(tmp_path_factory.mktemp("consent-service"), sink.port) as running:
        yield running


@pytest.fixture(scope="module")
def store(service):
    return SubscriberStore(service.db_path)


def stranger_signs_up(service, address: str, client: str = "203.0.113.66") -> httpx.Response:
    return httpx.post(f"{service.url}/subscribe", data={"email": address, "name": "Mallory", "website": ""},
                      headers={"X-Forwarded-For": client, "Origin": SITE_ORIGIN})


def press_confirm_in(mail, service) -> httpx.Response:
    """What the owner of the mailbox does: open the link, press the button."""
    link = re.search(r"(http://127\.0\.0\.1:\d+/confirm\?token=\S+)", mail.get_content()).group(1)
    page = httpx.get(link)
    token = BeautifulSoup(page.text, "lxml").find("input", {"name": "token"})["value"]
    return httpx.post(f"{service.url}/confirm", data={"token": token}, headers={"X-Forwarded-For": "192.0.2.77"})


def test_a_stranger_cannot_resubscribe_or_rename_people_who_left(service, sink, store):
    store.import_rows([ImportRow(1, "left@example.org", "Lena Left"), ImportRow(2, "bounced@example.org", "Bea")])
    store.unsubscribe("left@example.org", "one-click")
    store.mark_bounced("bounced@example.org", 550)
    store.import_rows([ImportRow(3, "forgot@example.org", "Fern")])
    store.forget("forgot@example.org")
    before = {address: (store.get(address), len(store.history(address)))
              for address in ("left@example.org", "bounced@example.org")}

    for address in ("left@example.org", "bounced@example.org", "forgot@example.org"):
        answer = stranger_signs_up(service, address)
        assert answer.status_code == 303, "the same answer as any sign-up"
        assert sink.wait_for(address)["Subject"].startswith("Confirm your subscription")
    for address, (row, events) in before.items():
        assert (store.get(address), len(store.history(address))) == (row, events), "nothing changed"
    assert store.get("forgot@example.org") is None and store.is_forgotten("forgot@example.org")

    # Nor can a later import that holds them.
    report = store.import_rows([ImportRow(2, "left@example.org", "Mallory"), ImportRow(3, "bounced@example.org", ""),
                                ImportRow(4, "forgot@example.org", "")], source="import:stolen.csv")
    assert report.skipped == 3 and report.added == report.updated == 0
    assert store.get("left@example.org").status == "unsubscribed"

    # The owner's own click is what counts, and the name stays theirs.
    done = press_confirm_in(sink.wait_for("left@example.org"), service)
    assert done.status_code == 200 and "You are subscribed" in done.text
    back = store.get("left@example.org")
    assert (back.status, back.name) == ("active", "Lena Left")
    event = store.history("left@example.org")[-1]
    assert (event.old_status, event.how, event.evidence["ip"]) == ("unsubscribed", "confirm-click", "192.0.2.77")

    assert press_confirm_in(sink.wait_for("forgot@example.org"), service).status_code == 200
    assert store.get("forgot@example.org").status == "active"
    assert not store.is_forgotten("forgot@example.org")


def test_a_confirmation_link_from_before_an_unsubscribe_cannot_undo_it(service, store):
    store.request_subscription("changed.mind@example.org", "", "test")
    old_link_token = make_token(SECRET, "changed.mind@example.org", "confirm", issued_at=int(time.time()) - 120)
    assert httpx.post(f"{service.url}/confirm", data={"token": old_link_token}).status_code == 200
    store.unsubscribe("changed.mind@example.org", "one-click")
    again = httpx.post(f"{service.url}/confirm", data={"token": old_link_token})
    assert again.status_code == 400 and "This link can no longer be used" in again.text
    assert store.get("changed.mind@example.org").status == "unsubscribed"


def test_the_form_leaves_its_origin_and_client_on_record(service, sink, store):
    assert stranger_signs_up(service, "new.reader@example.org", client="198.51.100.201").status_code == 303
    [signup] = store.history("new.reader@example.org")
    assert (signup.new_status, signup.how) == ("pending", "form")
    assert signup.evidence == {"origin": SITE_ORIGIN, "ip": "198.51.100.201"}


def test_one_click_and_the_page_button_are_told_apart(service, store):
    store.import_rows([ImportRow(1, "mailbox.button@example.org", ""), ImportRow(2, "page.button@example.org", "")])
    httpx.post(unsubscribe_url(service.url, SECRET, "mailbox.button@example.org"),
               data={"List-Unsubscribe": "One-Click"})
    page_token = make_token(SECRET, "page.button@example.org", "unsubscribe")
    httpx.post(f"{service.url}/unsubscribe", data={"token": page_token})
    assert store.history("mailbox.button@example.org")[-1].how == "one-click"
    assert store.history("page.button@example.org")[-1].how == "unsubscribe-page"


def test_also_delete_my_data_forgets_the_address(service, sink, store):
    store.request_subscription("private.person@example.org", "Pat Private", "test")
    store.activate("private.person@example.org")
    page = httpx.get(unsubscribe_url(service.url, SECRET, "private.person@example.org"))
    form = BeautifulSoup(page.text, "lxml").find("form")
    box = form.find("input", {"type": "checkbox"})
    assert box["name"] == "forget" and form.find("label", {"for": box["id"]}).get_text().startswith(
        "Also delete my data")
    done = httpx.post(f"{service.url}/unsubscribe",
                      data={"token": form.find("input", {"name": "token"})["value"], "forget": "yes"})
    assert done.status_code == 200
    assert "You are unsubscribed and your data is deleted" in done.text
    assert store.get("private.person@example.org") is None
    assert store.history("private.person@example.org") == []
    assert store.is_forgotten("private.person@example.org")
    # Signing up again sends a confirmation and stores nothing until it is pressed.
    assert stranger_signs_up(service, "private.person@example.org").status_code == 303
    assert sink.wait_for("private.person@example.org")
    assert store.get("private.person@example.org") is None
    assert "Traceback" not in service.log()
