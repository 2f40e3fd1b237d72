"""Every HTML page of the built sample site passes the Nu HTML checker with no errors.

The newsletter's email.html files are templates that the sender completes per
recipient (%%UNSUBSCRIBE_URL%%, %%GREETING_NAME%%). They are checked as a subscriber
receives them: with the placeholders filled in by the sender's own code.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from email import message_from_bytes, policy

from browser_support import require_vnu

from service_voices.newsletter_mail.sending.message import MessageTemplate, Recipient
from service_voices.newsletter_mail.sending.personalise import Personaliser


def _fill_email_templates(site, copy):
    shutil.copytree(site, copy)
    for eml in copy.glob("newsletter/*/message.eml"):
        personaliser = Personaliser(MessageTemplate(eml.read_bytes()), eml.parent.name,
                                    "https://subscribe.example.com", "test-secret")
        message = personaliser.message_for(Recipient("reader@example.com", "Zoë & Sam"))
        parsed = message_from_bytes(message, policy=policy.default)
        html = parsed.get_body(("html",)).get_content()
        (eml.parent / "email.html").write_text(html, encoding="utf-8")


def test_every_page_is_valid_html(sample_site, tmp_path):
    java, vnu = require_vnu()
    site = tmp_path / "site"
    _fill_email_templates(sample_site.output, site)
    pages = list(site.rglob("*.html"))
    assert len(pages) > 20, "the sample site should have many pages to check"
    assert "%%" not in "".join(p.read_text(encoding="utf-8") for p in site.glob("newsletter/*/email.html"))
    done = subprocess.run(
        [java, "-jar", str(vnu), "--errors-only", "--skip-non-html", "--format", "json", str(site)],
        capture_output=True, text=True, timeout=240,
    )
    messages = json.loads(done.stderr or done.stdout or '{"messages": []}')["messages"]
    root = str(site)
    errors = [
        f"{message.get('url', '').partition(root)[2] or message.get('url')}:{message.get('lastLine', '?')}: "
        f"{message.get('message')}"
        for message in messages if message.get("type") in ("error", "non-document-error")
    ]
    assert errors == [], f"{len(errors)} HTML error(s):\n" + "\n".join(errors[:40])
    assert done.returncode == 0, done.stderr[-2000:]
