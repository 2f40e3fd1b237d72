"""Sending the issues the newsletter build really makes, the way the README tells a new user to."""

import email
import email.policy
import os
import re
import subprocess
import sys

import pytest
from https_service import https_service
from smtp_sink import SmtpSink
from support import ROOT, build_site, write

from service_voices.newsletter_mail.sending.message import MessageTemplate, Recipient
from service_voices.newsletter_mail.subscribers.store import ImportRow, SubscriberStore

pytestmark = pytest.mark.slow

URL = "https://subscribe.example.com/unsubscribe?token=1a.YW5hQGV4YW1wbGUuY29t.c2lnbmF0dXJl"
LIVE_SITE = "https://voices.example.org"


@pytest.fixture(scope="module")
def built_issues(sample_site):
    found = sorted(sample_site.mail.glob("*/message.eml"))
    if not found:
        pytest.skip("the sample build has no newsletter-mail/<slug>/message.eml (newsletter plugin off)")
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


def test_the_sample_settings_refuse_with_one_line_naming_the_fix(tmp_path):
    environ = {key: value for key, value in os.environ.items() if key not in ("NEWSLETTER_SERVICE_URL", "SITE_URL")}
    done = subprocess.run([sys.executable, "-m", "invoke", "send", "november-2026", "--yes",
                           "--db", str(tmp_path / "newsletter.db")],
                          cwd=ROOT, env=environ, capture_output=True, text=True, timeout=120)
    assert done.returncode != 0
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert "NEWSLETTER_SERVICE_URL is empty in publishconf.py" in lines[0]
    assert "export NEWSLETTER_SERVICE_URL=https://" in lines[0]
    assert not (tmp_path / "newsletter.db").exists()


def _links(message) -> list[str]:
    html = message.get_body(("html",)).get_content()
    text = message.get_body(("plain",)).get_content()
    found = re.findall(r'(?:href|src)="([^"]+)"', html) + re.findall(r"[a-z]+://\S+", text)
    found += re.findall(r"<([^>]+)>", message["List-Unsubscribe"]) + re.findall(r"<([^>]+)>", message["List-Archive"])
    return found


def test_build_then_send_the_documented_way_delivers_only_https_links_under_the_live_site(tmp_path):
    mail = tmp_path / "newsletter-mail"
    # `invoke build`: the preview settings, as a new user runs it first.
    preview = build_site(tmp_path / "output", NEWSLETTER_MAIL_PATH=str(mail))
    assert preview.ok, preview.stderr
    assert "http://127.0.0.1:8000/" in (mail / "november-2026" / "message.eml").read_text(encoding="utf-8")
    # The live settings: publishconf.py, with this test's own folders.
    settings = write(tmp_path / "live.py", f"""
        import sys
        sys.path.insert(0, {str(ROOT)!r})
        from publishconf import *
        PATH, THEME, PLUGIN_PATHS = {str(ROOT / "content")!r}, {str(ROOT / "theme")!r}, [{str(ROOT / "plugins")!r}]
        NEWSLETTER_MAIL_PATH = {str(mail)!r}
        CACHE_PATH = {str(tmp_path / "cache")!r}
        NEWSLETTER_POSTAL_ADDRESS = "Service Voices, 1 Test Lane, Testville 12345"
        """)
    db = tmp_path / "newsletter.db"
    SubscriberStore(db).import_rows([ImportRow(1, "ana@example.com", "Ana"), ImportRow(2, "bo@example.com", "")])
    with https_service(tmp_path / "service") as service, SmtpSink() as sink:
        environ = {**os.environ, **service.env, **sink.env(), "NEWSLETTER_SECRET": "real-issue-secret",
                   "SITE_URL": LIVE_SITE, "NEWSLETTER_SERVICE_URL": service.url}
        done = subprocess.run([sys.executable, "-m", "invoke", "send", "november-2026", "--yes", "--db", str(db),
                               "--settings", str(settings)],
                              cwd=ROOT, env=environ, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stdout + done.stderr
        (ana,) = sink.messages_for("ana@example.com")
        (bo,) = sink.messages_for("bo@example.com")
    assert "built for SITEURL 'http://127.0.0.1:8000', not 'https://voices.example.org'" in done.stderr
    assert "Preflight:" in done.stdout and "delivered 2" in done.stdout
    assert "Hi Ana," in ana.get_body(("plain",)).get_content()
    assert "Hi there," in bo.get_body(("html",)).get_content()
    assert ana["List-Unsubscribe"].startswith(f"<{service.url}/unsubscribe?token=")
    # Web links, that is: a mailto: link in the letter opens the reader's own mail program.
    links = [link for link in _links(ana) + _links(bo) if not link.startswith("mailto:")]
    assert len(links) > 20
    for link in links:
        assert link.startswith((f"{LIVE_SITE}/", f"{service.url}/unsubscribe?token=")), link
    assert ana["Subject"] == email.message_from_bytes((mail / "november-2026" / "message.eml").read_bytes(),
                                                      policy=email.policy.default)["Subject"]
    # The public output of the preview build was never touched by the send's own build.
    assert "http://127.0.0.1:8000/" in (tmp_path / "output" / "newsletter" / "november-2026" / "index.html").read_text()
