import email
import email.policy
from email.message import EmailMessage

import pytest
from sending_fixture import POLICY, write_issue

from service_voices.newsletter_mail.sending.message import MessageTemplate, Recipient, TemplateError, qp_encode, qp_wrap

URL = "https://subscribe.example.com/unsubscribe?token=1a.YW5hQGV4YW1wbGUuY29t.c2lnbmF0dXJl"


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    folder = write_issue(tmp_path_factory.mktemp("issue"))
    return MessageTemplate((folder / "message.eml").read_bytes())


def parts(data: bytes):
    message = email.message_from_bytes(data, policy=email.policy.default)
    return message, message.get_body(("plain",)).get_content(), message.get_body(("html",)).get_content()


def test_personalised_parts_read_correctly(template):
    data = template.render(Recipient("zoe@example.com", "Zoë <O'Brien> & co"), URL, b"To: zoe@example.com\r\n")
    message, text, html = parts(data)
    assert message["To"] == "zoe@example.com"
    assert message["Subject"] == "Service Voices — November 2026"
    assert "Hi Zoë <O'Brien> & co," in text
    assert f"Unsubscribe: {URL}" in text
    assert "Hi Zoë &lt;O&#x27;Brien&gt; &amp; co," in html
    assert f'href="{URL}"' in html
    assert "%%" not in text + html
    assert "café" in text and "“we’re sorry”" in html


def test_fallback_greeting_and_template_headers_dropped(template):
    data = template.render(Recipient("a@example.com", ""), URL, b"To: a@example.com\r\n")
    message, text, html = parts(data)
    assert "Hi there," in text and "Hi there," in html
    # The template's own Date and placeholder List-Unsubscribe are replaced per recipient.
    assert "Date" not in message and "List-Unsubscribe" not in message
    assert message["List-Id"] == "Service Voices <newsletter.service-voices.example>"


def test_wire_format(template):
    data = template.render(Recipient("a@example.com", "A " * 60), URL + "x" * 60, b"To: a@example.com\r\n")
    lines = data.split(b"\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert max(len(line) for line in lines) <= 998
    body = data.partition(b"\r\n\r\n")[2]
    assert all(len(line) <= 76 for line in body.split(b"\r\n"))


def test_only_placeholder_lines_change_between_recipients(template):
    one = template.render(Recipient("a@example.com", "Ana"), URL, b"")
    two = template.render(Recipient("b@example.com", "Bo"), URL.replace("1a", "2b"), b"")
    changed = [pair for pair in zip(one.split(b"\r\n"), two.split(b"\r\n")) if pair[0] != pair[1]]
    assert len(changed) == 4  # two greetings and two unsubscribe links


def test_placeholder_split_by_a_soft_break_is_still_found():
    message = EmailMessage(policy=POLICY.clone(max_line_length=78))
    message["Subject"] = "Split"
    message["From"] = "a@example.com"
    message.set_content("x" * 70 + " Hi %%GREETING_NAME%%, bye %%UNSUBSCRIBE_URL%%\n", charset="utf-8",
                        cte="quoted-printable")
    raw = message.as_bytes()
    assert b"%%GREETING_NAME%%" not in raw or b"%%UNSUBSCRIBE_URL%%" not in raw
    template = MessageTemplate(raw)
    text = email.message_from_bytes(template.render(Recipient("a@example.com", "Ana"), URL, b""),
                                    policy=email.policy.default).get_content()
    assert "Hi Ana, bye " + URL in text


def test_contract_violations_are_named():
    base64_message = EmailMessage()
    base64_message["From"] = "a@example.com"
    base64_message.set_content("Hi %%GREETING_NAME%% %%UNSUBSCRIBE_URL%%", cte="base64")
    with pytest.raises(TemplateError, match="base64"):
        MessageTemplate(base64_message.as_bytes())
    no_sender = EmailMessage()
    no_sender.set_content("Hi %%GREETING_NAME%% %%UNSUBSCRIBE_URL%%", cte="quoted-printable")
    with pytest.raises(TemplateError, match="From"):
        MessageTemplate(no_sender.as_bytes())
    no_link = EmailMessage()
    no_link["From"] = "a@example.com"
    no_link.set_content("Hi %%GREETING_NAME%%", cte="quoted-printable")
    with pytest.raises(TemplateError, match="UNSUBSCRIBE_URL"):
        MessageTemplate(no_link.as_bytes())


def test_quoted_printable_helpers():
    assert qp_encode("a=b é".encode()) == b"a=3Db =C3=A9"
    assert qp_encode(b"end ") == b"end=20"
    wrapped = qp_wrap(b"=C3=A9" * 40)
    assert all(len(line) <= 76 for line in wrapped.split(b"\r\n"))
    import quopri
    assert quopri.decodestring(wrapped.replace(b"\r\n", b"\n")) == "é".encode() * 40
