"""invoke commands for responses: `comments` (moderation) and `send-webmentions`."""

from __future__ import annotations

from pathlib import Path

from invoke import Exit, task

from service_voices.newsletter_mail.cli import COMMON_HELP, open_database

from .settings import setting
from .store import ResponseStore

ROOT = Path(__file__).resolve().parents[2]


def _store(settings: str, db: str) -> tuple[dict, ResponseStore]:
    return open_database(settings, db, ResponseStore, "responses database")


@task(help={"approve": "id of a response to approve", "reject": "id of a response to reject",
            "spam": "id of a response to mark as spam", "delete": "id of a response to delete (with its replies)",
            "status": "list responses with this status instead of pending", **COMMON_HELP})
def comments(c, approve=0, reject=0, spam=0, delete=0, status="pending", db="", settings="pelicanconf.py"):
    """List pending comments and webmentions, or approve, reject, mark as spam or delete one by id."""
    _, store = _store(settings, db)
    for response_id, new_status in ((approve, "approved"), (reject, "rejected"), (spam, "spam")):
        if response_id:
            if not store.set_status(int(response_id), new_status):
                raise Exit(f"No response with id {response_id}.", code=1)
            print(f"Response {response_id} is {new_status}. Run `invoke build` (or `invoke publish`) to update "
                  "the site.")
            return
    if delete:
        if not store.delete(int(delete)):
            raise Exit(f"No response with id {delete}.", code=1)
        print(f"Response {delete} deleted.")
        return
    found = store.with_status(status)
    if not found:
        print(f"No {status} responses.")
    for response in found:
        who = response.name + (f" <{response.email}>" if response.email else f" via {response.source}")
        text = " ".join((response.text or "").split())
        print(f"#{response.id} {response.kind} on {response.post} by {who}, {response.created_at}\n"
              f"    {text[:200]}{'…' if len(text) > 200 else ''}")


@task(name="send-webmentions",
      help={"output": "built site to read the posts from (default output/)",
            "again": "notify targets that were notified before too", **COMMON_HELP})
def send_webmentions(c, output="output", again=False, db="", settings="pelicanconf.py"):
    """Tell every page linked from a published post about the link, once (W3C Webmention)."""
    from .sending import send_for_post

    config, store = _store(settings, db)
    site_url = config.get("SITEURL", "").rstrip("/")
    folder = ROOT / output
    pages = sorted(folder.glob("posts/*/index.html"))
    if not pages:
        raise Exit(f"{folder}: no built posts; run `invoke build` first.", code=1)
    for page in pages:
        source = f"{site_url}/{page.parent.relative_to(folder).as_posix()}/"
        results = send_for_post(store, source, page.read_text(encoding="utf-8"), site_url,
                                timeout=setting(config, "RESPONSES_WEBMENTION_TIMEOUT"),
                                max_bytes=setting(config, "RESPONSES_WEBMENTION_MAX_BYTES"),
                                allow_private=setting(config, "RESPONSES_WEBMENTION_ALLOW_PRIVATE"), again=again)
        for sent in results:
            print(f"{source} -> {sent.target}: {sent.outcome}")
