"""A compiled issue that follows the build's contract, and a live site around it, for the sending tests.

``write_issue`` writes one issue's mail files the way the newsletter build writes
``newsletter-mail/<slug>/``: message.eml with UTF-8 quoted-printable parts holding
the literal placeholders, plus issue.json. ``live_site`` adds what a send checks
before it trusts them: a settings file for the live site, a content folder, and the
build stamp saying the files were made from exactly those.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path

from service_voices.build_stamp import make_stamp, source_files, write_stamp
from service_voices.newsletter_mail.sending.ledger import SendLedger
from service_voices.newsletter_mail.sending.message import MessageTemplate
from service_voices.newsletter_mail.sending.personalise import Personaliser
from service_voices.newsletter_mail.sending.sending import SendPolicy, SendRun
from service_voices.newsletter_mail.sending.smtp import SmtpConfig
from service_voices.newsletter_mail.subscribers.store import ImportRow, SubscriberStore
from service_voices.settings import load_settings

POLICY = SMTP.clone(max_line_length=998)
SITE_URL = "https://voices.example.org"
POSTAL_ADDRESS = "Service Voices, 1 Test Lane, Testville 12345"

TEXT = """Hi %%GREETING_NAME%%,

This month: how a café team rewrote its apology emails, and why "we're sorry"
works better than "we apologise for any inconvenience".

Read it on the web: {site_url}/newsletter/{slug}/

{postal_address}
Unsubscribe: %%UNSUBSCRIBE_URL%%
"""

HTML = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{subject}</title></head>
<body style="margin:0;padding:0;background-color:#ffffff;color:#1a1a1a;font-family:Georgia,serif">
<p style="font-size:18px;line-height:1.5">Hi %%GREETING_NAME%%,</p>
<p style="font-size:16px;line-height:1.5">This month: how a café team rewrote its apology emails, and why “we’re sorry” works better than “we apologise for any inconvenience”. {filler}</p>
<p><a href="{site_url}/newsletter/{slug}/"><img src="{site_url}/images/cafe.png" alt="The café's counter" width="560" height="200"></a></p>
<p style="font-size:13px;color:#555555">{postal_address}<br>You get this because you subscribed to Service Voices.
<a
href="%%UNSUBSCRIBE_URL%%"
style="color:#555555">Unsubscribe</a></p>
</body></html>
"""


def write_issue(mail: Path, slug: str = "2026-11", subject: str = "Service Voices — November 2026",
                filler_words: int = 40, site_url: str = SITE_URL) -> Path:
    """One issue's mail files in ``mail/<slug>/``; returns that folder."""
    folder = Path(mail) / slug
    folder.mkdir(parents=True, exist_ok=True)
    message = EmailMessage(policy=POLICY)
    message["Subject"] = subject
    message["From"] = "Service Voices <newsletter@service-voices.example>"
    message["Date"] = "Sun, 22 Nov 2026 08:00:00 +0000"
    message["List-Id"] = "Service Voices <newsletter.service-voices.example>"
    message["List-Unsubscribe"] = "<%%UNSUBSCRIBE_URL%%>"
    message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message["List-Archive"] = f"<{site_url}/newsletter/{slug}/>"
    filler = " ".join(["Listening first, then answering."] * filler_words)
    values = {"slug": slug, "site_url": site_url, "postal_address": POSTAL_ADDRESS, "subject": subject}
    message.set_content(TEXT.format(**values), subtype="plain", charset="utf-8", cte="quoted-printable")
    message.add_alternative(HTML.format(filler=filler, **values), subtype="html", charset="utf-8",
                            cte="quoted-printable")
    (folder / "message.eml").write_bytes(message.as_bytes(policy=POLICY))
    (folder / "issue.json").write_text(json.dumps({
        "slug": slug, "title": "November 2026", "subject": subject, "preheader": "Apologies that work",
        "date": "2026-11-22", "url": f"{site_url}/newsletter/{slug}/"}), encoding="utf-8")
    return folder


@dataclass
class LiveSite:
    root: Path
    settings: Path
    mail: Path
    db: Path


def live_site(root: Path, service_url: str, slugs: tuple[str, ...] = ("2026-11",), subject: str | None = None,
              **settings) -> LiveSite:
    """Live settings, a content folder and stamped mail files for ``slugs``, as a build with them would leave."""
    root.mkdir(parents=True, exist_ok=True)
    content = root / "content"
    (content / "newsletter").mkdir(parents=True, exist_ok=True)
    for slug in slugs:
        (content / "newsletter" / f"{slug}.md").write_text(f"Title: {slug}\nDate: 2026-11-22\n\nA letter.\n",
                                                           encoding="utf-8")
    values = {"SITEURL": SITE_URL, "TIMEZONE": "UTC", "PATH": str(content), "THEME": str(root / "theme"),
              "CACHE_PATH": str(root / "cache"), "NEWSLETTER_MAIL_PATH": str(root / "newsletter-mail"),
              "NEWSLETTER_SERVICE_URL": service_url, "NEWSLETTER_POSTAL_ADDRESS": POSTAL_ADDRESS,
              "NEWSLETTER_RETRY_DELAYS": (0.1,), "NEWSLETTER_CONNECT_ATTEMPTS": 2, **settings}
    (root / "theme").mkdir(exist_ok=True)
    path = root / "settings.py"
    path.write_text("".join(f"{name} = {value!r}\n" for name, value in values.items()), encoding="utf-8")
    site = LiveSite(root, path, root / "newsletter-mail", root / "newsletter.db")
    for slug in slugs:
        write_issue(site.mail, slug, **({"subject": subject} if subject else {}))
    loaded = load_settings(path)
    write_stamp(site.mail, make_stamp(loaded, source_files(loaded), slugs))
    return site


class SendingSetup:
    """Subscribers and a built issue in a temporary folder, sent with SendRun itself (no task around it)."""

    issue = "2026-11"
    service = "https://subscribe.example.com"
    secret = "delivery-test-secret"

    def __init__(self, folder: Path, people, policy: SendPolicy | None = None, timeout: float = 5,
                 data_timeout: float | None = None):
        self.db = folder / "newsletter.db"
        self.store = SubscriberStore(self.db)
        self.store.import_rows([ImportRow(n, email, name) for n, (email, name) in enumerate(people, 1)])
        self.template = MessageTemplate((write_issue(folder / "newsletter-mail", self.issue) / "message.eml")
                                        .read_bytes())
        self.policy = policy or SendPolicy()
        self.timeouts = (timeout, data_timeout or timeout)
        self.tally: dict[str, int] = {}

    def run(self, sink, policy: SendPolicy | None = None, signer=None, on_progress=None, patience: float = 120):
        personaliser = Personaliser(self.template, self.issue, self.service, self.secret,
                                    "leave@service-voices.example", signer)
        ledger = SendLedger(self.db, patience)
        try:
            ledger.start(self.issue, "subject")
            config = SmtpConfig(sink.host, sink.port, tls="none", timeout=self.timeouts[0],
                                data_timeout=self.timeouts[1])
            run = SendRun(ledger, self.issue, personaliser, config, policy or self.policy, on_progress)
            try:
                run.run()
            finally:
                self.tally = ledger.tally(self.issue)
            return run.summary
        finally:
            ledger.close()
