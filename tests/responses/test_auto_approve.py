"""RESPONSES_AUTO_APPROVE_KNOWN against the real service: someone with an approved comment
is published at once, a newcomer still waits for moderation."""

from __future__ import annotations

import pytest
from responses_support import (
    AUTHOR_EMAIL,
    build,
    comment,
    link_in,
    press_button,
    responses_content,
    service_settings,
    wait_for_nth,
)
from signup_support import running_service, smtp_sink

from service_voices.responses.store import ResponseStore

pytestmark = pytest.mark.slow

SITE_URL = "https://voices.example"


def test_a_commenter_with_an_approved_comment_is_published_at_once(tmp_path):
    content = responses_content(tmp_path / "content")
    settings = {**service_settings(tmp_path, SITE_URL), "RESPONSES_AUTO_APPROVE_KNOWN": True}
    with smtp_sink() as sink, running_service(tmp_path / "service", sink.port, **settings) as service:
        build(tmp_path, content, service, SITE_URL)
        store = ResponseStore(service.db_path)
        assert comment(service, comment="My first comment").status_code == 200
        press_button(link_in(wait_for_nth(sink, "ana@example.org", 1), "comment/confirm"))
        [first] = store.with_status("pending")
        press_button(link_in(wait_for_nth(sink, AUTHOR_EMAIL, 1), "moderate/approve"))
        assert store.get(first.id).status == "approved"

        assert comment(service, comment="My second comment").status_code == 200
        assert [r.text for r in store.approved()] == ["My first comment", "My second comment"]
        assert len(sink.to(AUTHOR_EMAIL)) == 1, "no moderation mail for a known commenter"

        assert comment(service, name="Newcomer", email="new@example.org", comment="Hello").status_code == 200
        press_button(link_in(wait_for_nth(sink, "new@example.org", 1), "comment/confirm"))
        assert [r.text for r in store.with_status("pending")] == ["Hello"]
