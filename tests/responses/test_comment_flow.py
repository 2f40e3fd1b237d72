"""A reader's comment from the form to the static page, against the real service
(uvicorn), a real SMTP server (aiosmtpd) and real builds."""

from __future__ import annotations

import json
import time

import httpx
import pytest
from responses_support import (
    AUTHOR_EMAIL,
    build,
    comment,
    link_in,
    mail_count,
    press_button,
    preview,
    publish_command,
    responses_content,
    service_settings,
    stamp_of,
    wait_for_nth,
)
from signup_support import eventually, running_service

from service_voices.responses.store import ResponseStore

pytestmark = pytest.mark.slow

SITE_URL = "https://voices.example"
POST_PAGE = "posts/who-gets-it/index.html"
HOSTILE = ('Hello <script>alert("owned")</script> there.\n\n'
           "[click me](javascript:alert(1)) and ![x](https://tracker.example/pixel.png)\n\n"
           '<img src=x onerror="alert(2)"> <a href="https://evil.example" onclick="steal()">raw link</a>\n\n'
           "> a quote with **bold** and *emphasis*\n\n- one\n- two\n\n[a fine link](https://ok.example/page)")


@pytest.fixture(scope="module")
def site(tmp_path_factory, sink):
    folder = tmp_path_factory.mktemp("responses-site")
    content = responses_content(folder / "content")
    settings = {**service_settings(folder, SITE_URL), "NEWSLETTER_DB": str(folder / "db.db"),
                "RESPONSES_PUBLISH_COMMAND": publish_command(folder, content, SITE_URL)}
    with running_service(folder / "service", sink.port, **settings) as service:
        # The first build writes the posts index the service reads.
        build(folder, content, service, SITE_URL)
        yield folder, content, service


def test_a_comment_goes_from_the_form_through_confirmation_and_moderation_to_the_static_page(site, sink):
    folder, content, service = site
    store = ResponseStore(service.db_path)
    name = 'Ana <b>Ruiz</b> "<script>x</script>"'
    shown = preview(service, name=name, comment=HOSTILE, website="https://ana.example")
    assert shown.status_code == 200
    assert "Responses appear after moderation." in shown.text
    fields = stamp_of(shown)
    assert fields["stamp"] and fields["email"] == "ana@example.org"

    # Sent back at once: faster than anyone reads a preview.
    instant = httpx.post(f"{service.url}/comment", data=fields)
    assert instant.status_code == 400 and "too quickly" in instant.text
    assert not store.with_status("unconfirmed")

    sent = comment(service, name=name, comment=HOSTILE, website="https://ana.example")
    assert sent.status_code == 200 and "confirm" in sent.text.lower()
    [waiting] = store.with_status("unconfirmed")
    confirmation = wait_for_nth(sink, "ana@example.org", 1)
    assert "ana.example" not in confirmation.get_content()  # nothing typed but the address travels
    assert mail_count(sink, AUTHOR_EMAIL) == 0  # no moderation mail before the address is confirmed

    confirmed = press_button(link_in(confirmation, "comment/confirm"))
    assert confirmed.status_code == 200 and "confirmed" in confirmed.text
    assert store.get(waiting.id).status == "pending"
    moderation = wait_for_nth(sink, AUTHOR_EMAIL, 1)
    assert "javascript:alert(1)" in moderation.get_content()  # the moderator sees the raw text

    approve = link_in(moderation, "moderate/approve")
    assert httpx.get(approve).status_code == 200
    assert store.get(waiting.id).status == "pending", "opening the link alone must change nothing"
    assert press_button(approve).status_code == 200
    assert store.get(waiting.id).status == "approved"
    # The service ran RESPONSES_PUBLISH_COMMAND, a real build, after the approval.
    published = folder / "published" / POST_PAGE
    assert eventually(lambda: published.exists() and f'id="response-{waiting.id}"' in published.read_text(),
                      timeout=60)

    built = build(folder, content, service, SITE_URL)
    page = built.html(POST_PAGE)
    item = page.find(id=f"response-{waiting.id}")
    assert item is not None
    assert item.select_one(".response__name").get_text() == name  # shown as text, not markup
    assert item.select_one(".response__name a")["href"] == "https://ana.example"
    text = item.select_one(".response__text")
    assert text.find("script") is None and text.find("img") is None
    assert '<script>alert("owned")</script>' in text.get_text()
    assert all(not link.get("href", "").startswith("javascript") and not link.get("onclick") for link in text.find_all("a"))
    fine = text.find("a", string="a fine link")
    assert fine["href"] == "https://ok.example/page" and set(fine["rel"]) == {"nofollow", "ugc"}
    assert text.find("blockquote").find("strong").get_text() == "bold"
    assert [li.get_text() for li in text.find_all("li")] == ["one", "two"]
    assert page.find(id="responses-title").get_text().startswith("1 response")
    assert "ana@example.org" not in built.text(POST_PAGE)
    assert page.find("link", rel="webmention")["href"] == f"{service.url}/webmention"
    [ld] = [json.loads(script.string) for script in page.select("#responses script[type='application/ld+json']")]
    assert ld["commentCount"] == 1 and ld["@id"] == f"{SITE_URL}/posts/who-gets-it/"
    assert ld["comment"][0]["author"]["name"] == name and ld["comment"][0]["@type"] == "Comment"


def test_rejected_and_spam_responses_never_appear_and_a_known_commenter_skips_confirmation(site, sink):
    folder, content, service = site
    store = ResponseStore(service.db_path)
    mails_before = mail_count(sink, AUTHOR_EMAIL)
    for text in ("REJECT-ME please", "SPAM-ME buy now"):
        assert comment(service, comment=text).status_code == 200
    assert len(sink.to("ana@example.org")) == 1, "a confirmed address is remembered"
    rejected = wait_for_nth(sink, AUTHOR_EMAIL, mails_before + 1)
    spammed = wait_for_nth(sink, AUTHOR_EMAIL, mails_before + 2)
    if "REJECT-ME" not in rejected.get_content():
        rejected, spammed = spammed, rejected
    assert press_button(link_in(rejected, "moderate/reject")).status_code == 200
    assert press_button(link_in(spammed, "moderate/spam")).status_code == 200
    assert [r.text for r in store.with_status("rejected")] == ["REJECT-ME please"]
    assert [r.text for r in store.with_status("spam")] == ["SPAM-ME buy now"]
    built = build(folder, content, service, SITE_URL)
    html = built.text(POST_PAGE)
    assert "REJECT-ME" not in html and "SPAM-ME" not in html
    assert "REJECT-ME" not in built.text("posts/who-gets-it/responses.atom")


def test_the_authors_reply_is_marked_as_theirs_and_needs_no_moderation(site, sink):
    folder, content, service = site
    store = ResponseStore(service.db_path)
    [first, *_] = store.approved()
    mails_before = mail_count(sink, AUTHOR_EMAIL)
    sent = comment(service, name="Jenny Park", email=AUTHOR_EMAIL, parent=str(first.id),
                   comment="Thanks, Ana. *Exactly* that.")
    assert sent.status_code == 200
    confirmation = wait_for_nth(sink, AUTHOR_EMAIL, mails_before + 1)
    assert press_button(link_in(confirmation, "comment/confirm")).status_code == 200
    [reply] = [r for r in store.approved() if r.parent_id == first.id]
    assert reply.by_author
    built = build(folder, content, service, SITE_URL)
    page = built.html(POST_PAGE)
    nested = page.find(id=f"response-{first.id}").select_one(".responses__replies")
    assert nested.find(id=f"response-{reply.id}").select_one(".response__badge").get_text() == "Author"
    assert nested.select_one(".response__text em").get_text() == "Exactly"
    feed = built.text("posts/who-gets-it/responses.atom")
    assert "Jenny Park on" in feed and "Thanks, Ana." in feed
    # A reply to a reply is refused: one level only.
    deeper = preview(service, parent=str(reply.id))
    assert deeper.status_code == 400 and "not to another reply" in deeper.text


@pytest.mark.parametrize(("fields", "status", "why"), [
    ({"phone": "555-0100"}, 400, "never see"),
    ({"comment": "x" * 5001}, 400, "at most 5000"),
    ({"comment": "https://a.example https://b.example https://c.example https://d.example"}, 400, "more than 3 links"),
    ({"post": "posts/closed/"}, 403, "no longer takes comments"),
    ({"post": "posts/no-such-post/"}, 404, "only be left on the site"),
    ({"email": "not-an-address"}, 400, "email address"),
    ({"website": "javascript:alert(1)"}, 400, "http://"),
    ({"name": "   "}, 400, "give a name"),
    ({"parent": "999999"}, 400, "not on this post"),
])
def test_every_refusal_is_a_page_saying_why(site, fields, status, why):
    _, _, service = site
    store = ResponseStore(service.db_path)
    before = len(store.with_status("unconfirmed")) + len(store.with_status("pending"))
    answer = preview(service, **fields)
    assert answer.status_code == status
    assert why in answer.text
    assert answer.headers["content-type"].startswith("text/html")
    assert len(store.with_status("unconfirmed")) + len(store.with_status("pending")) == before


def test_a_tampered_or_foreign_timestamp_is_refused(site):
    _, _, service = site
    shown = preview(service)
    fields = stamp_of(shown)
    forged = httpx.post(f"{service.url}/comment", data={**fields, "stamp": fields["stamp"][:-2] + "AA"})
    assert forged.status_code == 400 and "changed on its way" in forged.text
    other_post = httpx.post(f"{service.url}/comment", data={**fields, "post": "posts/closed/"})
    assert other_post.status_code == 403


def test_limits_per_client_and_per_address(site, sink):
    _, _, service = site
    answers = [preview(service, client="203.0.113.9").status_code for _ in range(41)]
    assert answers[:40] == [200] * 40 and answers[40] == 429
    limited = preview(service, client="203.0.113.9")
    assert "too many comments from here" in limited.text.lower()
    assert int(limited.status_code) == 429

    previews = [stamp_of(preview(service, client=f"198.51.100.{n}", email="eager@example.org",
                                 comment=f"Comment {n}")) for n in range(4)]
    time.sleep(1.1)
    sent = [httpx.post(f"{service.url}/comment", data=fields, headers={"X-Forwarded-For": "192.0.2.50"})
            for fields in previews]
    assert [answer.status_code for answer in sent] == [200, 200, 200, 429]
    assert "from this address" in sent[3].text
    assert len(ResponseStore(service.db_path).with_status("unconfirmed")) >= 3
