"""A compiled issue that follows the export's contract, for the sending tests.

It is written the way the newsletter export writes output/newsletter/<slug>/:
message.eml with UTF-8 quoted-printable parts holding the literal placeholders,
plus issue.json.
"""

from __future__ import annotations

import json
from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path

POLICY = SMTP.clone(max_line_length=998)

TEXT = """Hi %%GREETING_NAME%%,

This month: how a café team rewrote its apology emails, and why "we're sorry"
works better than "we apologise for any inconvenience".

Read it on the web: https://service-voices.example/newsletter/{slug}/

Unsubscribe: %%UNSUBSCRIBE_URL%%
"""

HTML = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{subject}</title></head>
<body style="margin:0;padding:0;background-color:#ffffff;color:#1a1a1a;font-family:Georgia,serif">
<p style="font-size:18px;line-height:1.5">Hi %%GREETING_NAME%%,</p>
<p style="font-size:16px;line-height:1.5">This month: how a café team rewrote its apology emails, and why “we’re sorry” works better than “we apologise for any inconvenience”. {filler}</p>
<p style="font-size:13px;color:#555555">You get this because you subscribed to Service Voices.
<a
href="%%UNSUBSCRIBE_URL%%"
style="color:#555555">Unsubscribe</a></p>
</body></html>
"""


def write_issue(output: Path, slug: str = "2026-11", subject: str = "Service Voices — November 2026",
                filler_words: int = 40) -> Path:
    folder = Path(output) / "newsletter" / slug
    folder.mkdir(parents=True, exist_ok=True)
    message = EmailMessage(policy=POLICY)
    message["Subject"] = subject
    message["From"] = "Service Voices <newsletter@service-voices.example>"
    message["Date"] = "Sun, 22 Nov 2026 08:00:00 +0000"
    message["List-Id"] = "Service Voices <newsletter.service-voices.example>"
    message["List-Unsubscribe"] = "<%%UNSUBSCRIBE_URL%%>"
    message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    filler = " ".join(["Listening first, then answering."] * filler_words)
    message.set_content(TEXT.format(slug=slug), subtype="plain", charset="utf-8", cte="quoted-printable")
    message.add_alternative(HTML.format(subject=subject, filler=filler), subtype="html", charset="utf-8",
                            cte="quoted-printable")
    (folder / "message.eml").write_bytes(message.as_bytes(policy=POLICY))
    (folder / "issue.json").write_text(json.dumps({
        "slug": slug, "title": "November 2026", "subject": subject, "preheader": "Apologies that work",
        "date": "2026-11-22", "url": f"https://service-voices.example/newsletter/{slug}/"}), encoding="utf-8")
    return folder
