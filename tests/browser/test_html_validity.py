"""Every HTML page of the built sample site passes the Nu HTML checker with no errors.

The output is checked as it is published. The newsletter's emails live outside it
(in the mail folder) as templates that the sender completes per recipient
(%%UNSUBSCRIBE_URL%%, %%GREETING_NAME%%); they are checked as a subscriber receives
them: with the placeholders filled in by the sender's own code.
"""

from __future__ import annotations

import json
import subprocess
from email import message_from_bytes, policy

from browser_support import require_vnu

from service_voices.newsletter_mail.sending.message import MessageTemplate, Recipient
from service_voices.newsletter_mail.sending.personalise import Personaliser
from service_voices.placeholders import PATTERN


def _fill_email_templates(mail, emails):
    for eml in mail.glob("*/message.eml"):
        personaliser = Personaliser(MessageTemplate(eml.read_bytes()), eml.parent.name,
                                    "https://subscribe.example.com", "test-secret")
        message = personaliser.message_for(Recipient("reader@example.com", "Zoë & Sam"))
        parsed = message_from_bytes(message, policy=policy.default)
        html = parsed.get_body(("html",)).get_content()
        (emails / eml.parent.name).mkdir(parents=True)
        (emails / eml.parent.name / "email.html").write_text(html, encoding="utf-8")


def test_every_page_is_valid_html(sample_site, tmp_path):
    java, vnu = require_vnu()
    site = sample_site.output
    emails = tmp_path / "emails"
    _fill_email_templates(sample_site.mail, emails)
    pages = list(site.rglob("*.html")) + list(emails.rglob("*.html"))
    assert len(pages) > 20, "the sample site should have many pages to check"
    assert len(list(emails.glob("*/email.html"))) >= 2
    assert "%%" not in "".join(p.read_text(encoding="utf-8") for p in emails.glob("*/email.html"))
    # What is published holds no email template at all.
    assert not list(site.rglob("email.html"))
    assert not PATTERN.search("".join(p.read_text(encoding="utf-8") for p in pages))
    done = subprocess.run(
        [java, "-jar", str(vnu), "--errors-only", "--skip-non-html", "--format", "json", str(site), str(emails)],
        capture_output=True, text=True, timeout=240,
    )
    messages = json.loads(done.stderr or done.stdout or '{"messages": []}')["messages"]
    root = str(sample_site.output.parent)
    errors = [
        f"{message.get('url', '').partition(root)[2] or message.get('url')}:{message.get('lastLine', '?')}: "
        f"{message.get('message')}"
        for message in messages if message.get("type") in ("error", "non-document-error")
    ]
    assert errors == [], f"{len(errors)} HTML error(s):\n" + "\n".join(errors[:40])
    assert done.returncode == 0, done.stderr[-2000:]
