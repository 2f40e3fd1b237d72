"""Sending the issue the newsletter export really builds (the sample site's newest issue)."""

import email
import email.policy
import os
import subprocess
import sys

import pytest
from smtp_sink import SmtpSink
from support import ROOT, write

from service_voices.newsletter_mail.sending.message import MessageTemplate, Recipient
from service_voices.newsletter_mail.subscribers.store import ImportRow, SubscriberStore

URL = "https://subscribe.example.com/unsubscribe?token=1a.YW5hQGV4YW1wbGUuY29t.c2lnbmF0dXJl"


@pytest.fixture(scope="module")
def built_issues(sample_site):
    found = sorted((sample_site.output / "newsletter").glob("*/message.eml"))
    if not found:
        pytest.skip("the sample build has no newsletter/<slug>/message.eml (newsletter plugin off)")
    return found


def test_every_built_issue_personalises_cleanly(built_issues):
    for eml in built_issues:
        template = MessageTemplate(eml.read_bytes())
        data = template.render(Recipient("ana@example.com", "Ana & Bo"), URL, b"To: ana@example.com\r\n")
        assert b"%%" not in data, eml
        assert max(len(line) for line in data.split(b"\r\n")) <= 998
        message = email.message_from_bytes(data, policy=email.policy.default)
        text = message.get_body(("plain",)).get_content()
        html = message.get_body(("html",)).get_content()
        assert "Hi Ana & Bo," in text and URL in text, eml
        assert "Hi Ana &amp; Bo," in html and f'href="{URL}"' in html, eml


def test_send_the_built_issue_end_to_end(built_issues, sample_site, tmp_path):
    slug = built_issues[-1].parent.name
    settings = write(tmp_path / "settings.py", 'NEWSLETTER_SERVICE_URL = "https://subscribe.example.com"\n')
    db = tmp_path / "newsletter.db"
    SubscriberStore(db).import_rows([ImportRow(1, "ana@example.com", "Ana"), ImportRow(2, "bo@example.com", "")])
    environ = {**os.environ, "NEWSLETTER_SECRET": "real-issue-secret"}
    with SmtpSink() as sink:
        environ.update(sink.env())
        done = subprocess.run([sys.executable, "-m", "invoke", "send", slug, "--yes", "--output",
                               str(sample_site.output), "--db", str(db), "--settings", str(settings)],
                              cwd=ROOT, env=environ, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        (ana,) = sink.messages_for("ana@example.com")
        (bo,) = sink.messages_for("bo@example.com")
    assert "Hi Ana," in ana.get_body(("plain",)).get_content()
    assert "Hi there," in bo.get_body(("html",)).get_content()
    assert ana["List-Unsubscribe"].startswith("<https://subscribe.example.com/unsubscribe?token=")
    assert ana["Subject"] == email.message_from_bytes(built_issues[-1].read_bytes(),
                                                      policy=email.policy.default)["Subject"]
