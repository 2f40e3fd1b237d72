"""The preflight's judgement of a message, read back as a mail client reads it (no servers needed)."""

import email.policy
from email.message import EmailMessage

import pytest
from sending_fixture import POSTAL_ADDRESS, SITE_URL, write_issue

from service_voices.newsletter_mail.sending.message import MessageTemplate, Recipient, TemplateError
from service_voices.newsletter_mail.sending.personalise import Personaliser
from service_voices.newsletter_mail.sending.preflight import Expectations, Report, check_message, check_settings

SERVICE = "https://subscribe.voices.example.org"
POLICY = email.policy.SMTP.clone(max_line_length=998)


def expectations(**changes):
    values = {"site_url": SITE_URL, "service_url": SERVICE, "postal_address": POSTAL_ADDRESS,
              "sample_postal_address": "Service Voices, 12 Example Street, Springfield 00000"}
    return Expectations(**{**values, **changes})


def judged(data: bytes, **changes) -> Report:
    personaliser = Personaliser(MessageTemplate(data), "2026-11", SERVICE, "preflight-test-secret")
    report = Report()
    check_message(report, personaliser.message_for(Recipient("ana@example.com", "Ana")), expectations(**changes))
    return report


def problems(report: Report, topic: str) -> str:
    return " ".join(finding.text for finding in report.errors if finding.topic == topic)


def message(html: str, text: str = "Hi %%GREETING_NAME%%,\n\n{address}\nUnsubscribe: %%UNSUBSCRIBE_URL%%\n",
            subject: str = "Service Voices — November", **headers) -> bytes:
    built = EmailMessage(policy=POLICY)
    built["Subject"] = subject
    built["From"] = "Service Voices <newsletter@voices.example.org>"
    built["List-Unsubscribe"] = "<%%UNSUBSCRIBE_URL%%>"
    built["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    for name, value in headers.items():
        built[name.replace("_", "-")] = value
    built.set_content(text.format(address=POSTAL_ADDRESS), subtype="plain", charset="utf-8", cte="quoted-printable")
    body = (f'<!DOCTYPE html><html lang="en"><head><title>x</title></head><body><p>Hi %%GREETING_NAME%%,</p>{html}'
            f'<p>{POSTAL_ADDRESS}</p>\n<a\nhref="%%UNSUBSCRIBE_URL%%"\n>Unsubscribe</a></body></html>\n')
    built.add_alternative(body, subtype="html", charset="utf-8", cte="quoted-printable")
    return built.as_bytes(policy=POLICY)


def test_the_fixture_issue_passes_every_check(tmp_path):
    report = judged((write_issue(tmp_path) / "message.eml").read_bytes())
    assert report.errors == [] and report.warnings == []
    assert {finding.topic for finding in report.findings} >= {"headers", "placeholders", "links", "unsubscribe",
                                                              "postal address", "size"}


@pytest.mark.parametrize("html, shown", [
    ('<a href="http://voices.example.org/posts/a/">a</a>', "not https"),
    ('<a href="/posts/a/">a</a>', "not absolute"),
    ('<a href="#top">a</a>', "not absolute"),
    ('<img src="http://127.0.0.1:8000/images/a.png" alt="a">', "not https"),
    ('<a href="https://elsewhere.example.net/x">a</a>', f"not under {SITE_URL}"),
    ('<td style="background-image: url(http://voices.example.org/bg.png)">a</td>', "not https"),
    ('<img srcset="https://voices.example.org/a.png 1x, https://cdn.example.net/a2.png 2x" alt="a">', "not under"),
])
def test_links_and_images_must_be_absolute_https_and_under_the_live_site(html, shown):
    report = judged(message(html))
    assert shown in problems(report, "links"), report.findings


def test_links_in_the_text_part_and_the_archive_header_count_too():
    text = "Hi %%GREETING_NAME%%, read http://127.0.0.1:8000/posts/a/.\n\n{address}\nUnsubscribe: %%UNSUBSCRIBE_URL%%\n"
    report = judged(message("<p>x</p>", text=text, List_Archive="<https://old.example.net/newsletter/>"))
    assert "http://127.0.0.1:8000/posts/a/ (text: not https)" in problems(report, "links")
    assert "https://old.example.net/newsletter/ (List-Archive header" in problems(report, "links")


def test_the_allow_list_and_insecure_trials():
    html = '<a href="https://www.youtube.com/watch?v=1">video</a><a href="mailto:editors@voices.example.org">us</a>'
    assert problems(judged(message(html)), "links")
    assert not judged(message(html), allowed_prefixes=("https://www.youtube.com/",)).errors
    local = '<a href="http://127.0.0.1:8000/posts/a/">a</a>'
    assert not judged(message(local), site_url="http://127.0.0.1:8000", insecure=True).errors


def test_a_header_that_decodes_into_two_lines_or_a_bcc_is_an_error():
    # What a build before the check wrote for `Subject: =?utf-8?q?Hello=0D=0ABcc:_x@example.org?=`.
    injected = message("<p>x</p>").replace(b"Subject: ", b"Subject: =?utf-8?q?Hello=0D=0ABcc:_x@example.org?=\r\nX-Old: ", 1)
    assert "Subject: contains a line break once its encoded words are decoded" in problems(judged(injected), "headers")
    assert "X-Old: the build never writes such a header" in problems(judged(injected), "headers")
    redirected = message("<p>x</p>", Reply_To="someone@example.net")
    assert "Reply-To: the build never writes such a header" in problems(judged(redirected), "headers")


def test_placeholders_postal_address_size_and_dkim():
    with pytest.raises(TemplateError, match="unknown placeholders: %%FIRST_NAME%%"):
        judged(message("<p>%%FIRST_NAME%%</p>"))
    assert "%%FIRST_NAME%%" in problems(judged(message("<p>x</p>", subject="For %%FIRST_NAME%%")), "placeholders")
    missing = message("<p>x</p>").replace(POSTAL_ADDRESS.encode(), b"Somewhere")
    assert "is not in both parts" in problems(judged(missing), "postal address")
    sample = judged(message("<p>x</p>"), sample_postal_address=POSTAL_ADDRESS)
    assert [finding.topic for finding in sample.warnings] == ["postal address"]
    big = judged(message("<p>" + "Long letter. " * 9000 + "</p>"))
    assert "Gmail clips" in problems(big, "size")
    assert "does not match the DKIM domain" in problems(judged(message("<p>x</p>"), dkim_domain="other.example.net"),
                                                        "dkim")
    assert not judged(message("<p>x</p>"), dkim_domain="example.org").errors


@pytest.mark.parametrize("site_url, service_url, insecure, shown", [
    ("http://127.0.0.1:8000", "http://127.0.0.1:8025", False, "is not https"),
    ("https://service-voices.example", SERVICE, False, "reserved example name"),
    ("https://127.0.0.1", SERVICE, False, "this machine's own address"),
    ("http://127.0.0.1:8000", "http://127.0.0.1:8025", True, ""),
])
def test_the_site_and_service_addresses(site_url, service_url, insecure, shown):
    report = Report()
    check_settings(report, expectations(site_url=site_url, service_url=service_url, insecure=insecure))
    text = " ".join(finding.text for finding in report.errors)
    assert (shown in text) if shown else not report.errors, report.findings
