"""Webmentions between two local sites on loopback ports: ours (built, with the real
service) and another one serving plain pages that mention it."""

from __future__ import annotations

import httpx
import pytest
from responses_support import AUTHOR_EMAIL, build, responses_content, service_settings, static_site, wait_for_nth
from signup_support import eventually, running_service, smtp_sink

from service_voices.responses.sending import send_for_post
from service_voices.responses.store import ResponseStore
from service_voices.responses.webmention import FetchRefused, fetch

pytestmark = pytest.mark.slow

POST = "posts/who-gets-it/"


def h_entry(target: str, kind: str, other: str) -> str:
    links = {"reply": f'<a class="u-in-reply-to" href="{target}">in reply to</a>',
             "like": f'<a class="u-like-of" href="{target}">liked</a>', "none": ""}
    return f"""<!doctype html><html><head><title>x</title></head><body>
      <article class="h-entry">
        <p class="p-author h-card"><img class="u-photo" src="{other}/me.png" alt="">
          <a class="p-name u-url" href="{other}/">Sam <em>Lee</em></a></p>
        {links[kind]}
        <div class="e-content">I agree <script>alert(1)</script><b onclick="x()">strongly</b>.</div>
      </article></body></html>"""


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    folder = tmp_path_factory.mktemp("webmentions")
    with smtp_sink() as sink, static_site(folder / "other") as (other, received), \
            static_site(folder / "ours") as (ours, _):
        content = responses_content(folder / "content", linked_page=f"{other}/target.html")
        with running_service(folder / "service", sink.port, **service_settings(folder, ours)) as service:
            build(folder, content, service, ours, name="ours")
            yield {"folder": folder, "content": content, "service": service, "sink": sink, "ours": ours,
                   "other": other, "received": received}


def mention(sites, source: str, target: str | None = None) -> httpx.Response:
    target = target or f"{sites['ours']}/{POST}"
    return httpx.post(f"{sites['service'].url}/webmention", data={"source": source, "target": target})


def status_of(answer: httpx.Response) -> str:
    return httpx.get(answer.headers["location"]).text


def test_our_pages_advertise_the_endpoint(sites):
    page = httpx.get(f"{sites['ours']}/{POST}").text
    assert f'<link rel="webmention" href="{sites["service"].url}/webmention">' in page


def test_a_valid_reply_and_like_are_verified_moderated_and_shown(sites):
    other, folder, service = sites["other"], sites["folder"], sites["service"]
    target = f"{sites['ours']}/{POST}"
    (folder / "other" / "reply.html").write_text(h_entry(target, "reply", other))
    (folder / "other" / "like.html").write_text(h_entry(target, "like", other))
    answer = mention(sites, f"{other}/reply.html")
    assert answer.status_code == 202 and answer.headers["location"].startswith(f"{service.url}/webmention/")
    assert eventually(lambda: "waiting for moderation" in status_of(answer))
    liked = mention(sites, f"{other}/like.html")
    assert eventually(lambda: "waiting for moderation" in status_of(liked))
    moderation = wait_for_nth(sites["sink"], AUTHOR_EMAIL, 1)
    assert f"{other}/reply.html" in moderation.get_content()

    store = ResponseStore(service.db_path)
    pending = {response.kind: response for response in store.with_status("pending")}
    assert set(pending) == {"reply", "like"}
    assert pending["reply"].name == "Sam Lee" and pending["reply"].photo == f"{other}/me.png"
    for response in pending.values():
        store.set_status(response.id, "approved")
    assert "published" in status_of(answer)

    built = build(folder, sites["content"], service, sites["ours"], name="ours")
    page = built.html(f"{POST}index.html")
    reply = page.find(id=f"response-{pending['reply'].id}")
    assert reply.select_one(".response__photo")["src"] == f"{other}/me.png"
    assert reply.select_one(".response__source")["href"] == f"{other}/reply.html"
    text = reply.select_one(".response__text")
    assert text.find("script") is None and "alert" not in text.get_text()
    assert all(not element.get("onclick") for element in text.find_all(True))
    assert "I agree strongly." in text.get_text()
    assert page.select_one(".responses__reactions").get_text(" ", strip=True).startswith("Liked by Sam Lee")


def test_a_source_that_does_not_link_is_refused(sites):
    other, folder = sites["other"], sites["folder"]
    (folder / "other" / "nolink.html").write_text(h_entry("", "none", other))
    answer = mention(sites, f"{other}/nolink.html")
    assert answer.status_code == 202
    assert eventually(lambda: "not accepted" in status_of(answer))
    with ResponseStore(sites["service"].db_path).connect() as connection:
        assert connection.execute("SELECT COUNT(*) FROM responses WHERE source LIKE ?",
                                  ("%nolink.html",)).fetchone()[0] == 0
    missing = mention(sites, f"{other}/does-not-exist.html")
    assert eventually(lambda: "not accepted" in status_of(missing))


def test_an_updated_source_updates_and_a_removed_link_removes_the_mention(sites):
    other, folder, service = sites["other"], sites["folder"], sites["service"]
    target = f"{sites['ours']}/{POST}"
    page = folder / "other" / "changed.html"
    page.write_text(h_entry(target, "reply", other))
    first = mention(sites, f"{other}/changed.html")
    assert eventually(lambda: "waiting for moderation" in status_of(first))
    store = ResponseStore(service.db_path)
    [kept] = [r for r in store.with_status("pending") if r.source.endswith("changed.html")]
    store.set_status(kept.id, "approved")
    page.write_text(h_entry(target, "reply", other).replace("I agree", "On reflection I agree"))
    edited = mention(sites, f"{other}/changed.html")
    assert edited.headers["location"] == first.headers["location"], "the same mention, updated"
    assert eventually(lambda: "On reflection" in store.get(kept.id).text)
    assert store.get(kept.id).status == "approved", "an edit of an accepted reply stays accepted"
    page.write_text(h_entry(target, "none", other))
    again = mention(sites, f"{other}/changed.html")
    assert again.status_code == 202
    assert eventually(lambda: store.get(kept.id) is None)
    built = build(folder, sites["content"], service, sites["ours"], name="ours")
    assert "changed.html" not in built.text(f"{POST}index.html")


@pytest.mark.parametrize("target", ["https://elsewhere.example/posts/who-gets-it/", "{ours}/posts/no-such-post/",
                                    "ftp://{ours}/x"])
def test_a_target_not_on_this_site_is_400(sites, target):
    answer = mention(sites, f"{sites['other']}/reply.html", target.format(ours=sites["ours"]))
    assert answer.status_code == 400


def test_sending_notifies_the_linked_page_once(sites):
    folder, service, other = sites["folder"], sites["service"], sites["other"]
    (folder / "other" / "target.html").write_text(
        '<!doctype html><html><head><title>t</title><link rel="webmention" href="/endpoint"></head>'
        "<body><p>A page we link to.</p></body></html>")
    store = ResponseStore(service.db_path)
    source = f"{sites['ours']}/{POST}"
    html = (folder / "ours" / POST / "index.html").read_text()
    options = {"timeout": 3, "max_bytes": 1_000_000, "allow_private": True}
    [sent] = send_for_post(store, source, html, sites["ours"], **options)
    assert (sent.target, sent.endpoint, sent.outcome) == (f"{other}/target.html", f"{other}/endpoint", "202")
    assert sites["received"][-1] == {"source": source, "target": f"{other}/target.html"}
    [again] = send_for_post(store, source, html, sites["ours"], **options)
    assert again.outcome == "skipped: sent before"
    assert len(sites["received"]) == 1
    refused = send_for_post(store, source, html, sites["ours"], timeout=3, max_bytes=1_000_000,
                            allow_private=False, again=True)
    assert refused[0].outcome.startswith("failed:") and "private address" in refused[0].outcome


def test_fetching_a_source_is_capped_in_size_and_refuses_private_addresses(sites):
    folder, other = sites["folder"], sites["other"]
    (folder / "other" / "huge.html").write_text("<p>" + "x" * 200_000 + "</p>")
    with pytest.raises(FetchRefused, match="larger than 100000 bytes"):
        fetch(f"{other}/huge.html", timeout=3, max_bytes=100_000, allow_private=True)
    with pytest.raises(FetchRefused, match="private address"):
        fetch(f"{other}/reply.html", timeout=3, max_bytes=100_000, allow_private=False)
    assert fetch(f"{other}/reply.html", timeout=3, max_bytes=100_000, allow_private=True).status == 200
