"""Provider webhooks over real HTTP: signed as each provider signs, forged, replayed, unsigned, repeated."""

import json
import time
import uuid

import httpx
import pytest
from bounce_support import make_list, settings_file
from provider_signing import basic_auth, mailgun_body, sendgrid_headers, sendgrid_key_pair, sns_message
from sns_stub import SnsStub
from tls_certs import issue, make_ca
from webhook_app import running_webhooks

from service_voices.newsletter_mail.bounces.outcomes import OutcomeBook

pytestmark = pytest.mark.slow

ISSUE = "2026-11"
OUR_MESSAGE_ID = f"<{ISSUE}.a1b2c3d4e5f6.7@service-voices.example>"
TOPIC = "arn:aws:sns:eu-west-1:123456789012:service-voices-ses"
MAILGUN_KEY = "key-mailgun-test-signing"
POSTMARK_USER, POSTMARK_PASSWORD, POSTMARK_PATH = "postmark", "hook-password", "s3cret-path-4f9a"
PEOPLE = [f"{name}@reader-mail.example" for name in (
    "ses-hard", "ses-soft", "ses-complaint", "ses-forged", "pm-hard", "pm-complaint", "pm-path", "pm-unauthorised",
    "mg-hard", "mg-soft", "mg-complaint", "mg-replayed", "mg-forged", "sg-hard", "sg-blocked", "sg-deferred",
    "sg-complaint", "sg-forged")]


class Hooks:
    """The running webhook app, the SNS stand-in, the keys, and the list they act on."""

    def __init__(self, url, db, sns_stub, sendgrid_private):
        self.url, self.sns_stub, self.sendgrid_private = url, sns_stub, sendgrid_private
        self.book = OutcomeBook(db)

    def post(self, provider, body, headers=None):
        content = body if isinstance(body, bytes) else json.dumps(body).encode()
        return httpx.post(f"{self.url}/webhooks/{provider}", content=content, headers=headers or {}, timeout=30)

    def status(self, who):
        return self.book.store.get(f"{who}@reader-mail.example").status

    def record(self, who):
        return self.book.record_of(f"{who}@reader-mail.example")

    def sns(self, kind, message, version="1", **fields):
        """A message signed as SNS signs it, with the stand-in's certificate."""
        return sns_message(kind, TOPIC, self.sns_stub.cert_url, self.sns_stub.signer.key, message, version, **fields)


@pytest.fixture(scope="module")
def hooks(tmp_path_factory):
    folder = tmp_path_factory.mktemp("webhooks")
    db = folder / "newsletter.db"
    make_list(db, PEOPLE, [ISSUE])
    ca = make_ca()
    ca_file = folder / "ca.pem"
    ca_file.write_bytes(ca.cert_pem)
    sendgrid_private, sendgrid_public = sendgrid_key_pair()
    settings = settings_file(folder / "settings.py", NEWSLETTER_DB=str(db), NEWSLETTER_SNS_TOPIC_ARNS=(TOPIC,),
                             NEWSLETTER_SNS_HOST_PATTERN=r"127\.0\.0\.1", NEWSLETTER_WEBHOOK_MAX_AGE=300)
    env = {"SSL_CERT_FILE": str(ca_file), "NEWSLETTER_MAILGUN_SIGNING_KEY": MAILGUN_KEY,
           "NEWSLETTER_SENDGRID_PUBLIC_KEY": sendgrid_public, "NEWSLETTER_POSTMARK_USER": POSTMARK_USER,
           "NEWSLETTER_POSTMARK_PASSWORD": POSTMARK_PASSWORD, "NEWSLETTER_POSTMARK_PATH_SECRET": POSTMARK_PATH}
    with SnsStub(ca, folder) as stub, running_webhooks(settings, env, folder / "app.log") as url:
        yield Hooks(url, db, stub, sendgrid_private)


def ses_notification(kind: str, recipient: str, **details) -> str:
    mail = {"timestamp": "2026-11-22T08:01:00.000Z", "source": "newsletter@service-voices.example",
            "messageId": "0102018c1e2f3a4b-5c6d7e8f-ses", "destination": [recipient],
            "commonHeaders": {"messageId": OUR_MESSAGE_ID, "subject": "Service Voices — November 2026",
                              "to": [recipient]}}
    body = {"notificationType": kind, "mail": mail}
    if kind == "Bounce":
        body["bounce"] = {"feedbackId": f"0102018c-{uuid.uuid4()}", "bounceType": details["bounce_type"],
                          "bounceSubType": details.get("sub_type", "General"), "reportingMTA": "dns; a8-1.smtp-out",
                          "timestamp": "2026-11-22T08:01:02.000Z",
                          "bouncedRecipients": [{"emailAddress": recipient, "action": "failed",
                                                 "status": details["status"],
                                                 "diagnosticCode": details["diagnostic"]}]}
    elif kind == "Complaint":
        body["complaint"] = {"feedbackId": f"0102018c-{uuid.uuid4()}", "complaintFeedbackType": "abuse",
                             "complainedRecipients": [{"emailAddress": recipient}],
                             "timestamp": "2026-11-22T09:00:00.000Z", "userAgent": "Mailhost FBL"}
    elif kind == "Delivery":
        body["delivery"] = {"recipients": [recipient], "smtpResponse": "250 2.0.0 OK"}
    return json.dumps(body)


def test_ses_subscription_is_confirmed_only_from_sns(hooks):
    token = uuid.uuid4().hex
    confirmation = hooks.sns("SubscriptionConfirmation", f"You have chosen to subscribe to the topic {TOPIC}.",
                             Token=token, SubscribeURL=hooks.sns_stub.subscribe_url(token))
    answer = hooks.post("ses", confirmation, {"x-amz-sns-message-type": "SubscriptionConfirmation"})
    assert answer.status_code == 200, answer.text
    assert hooks.sns_stub.confirmed == [token]

    elsewhere = hooks.sns("SubscriptionConfirmation", "subscribe", Token="t2",
                          SubscribeURL="https://attacker.example/confirm?Token=t2")
    assert hooks.post("ses", elsewhere).status_code == 403
    assert hooks.sns_stub.confirmed == [token]


def test_ses_bounces_and_complaints(hooks):
    hard = hooks.sns("Notification", ses_notification(
        "Bounce", "ses-hard@reader-mail.example", bounce_type="Permanent", status="5.1.1",
        diagnostic="smtp; 550 5.1.1 user unknown"), version="2")
    answer = hooks.post("ses", hard)
    assert answer.status_code == 200 and answer.json() == {"recorded": 1, "repeated": 0}
    assert hooks.status("ses-hard") == "bounced"
    [line] = hooks.record("ses-hard")
    assert (line.kind, line.code, line.source, line.issue) == ("hard", "5.1.1", "webhook:ses", ISSUE)
    assert "550 5.1.1 user unknown" in line.diagnostic

    again = hooks.post("ses", hard)  # SNS retries a notification it thinks failed
    assert again.status_code == 200 and again.json() == {"recorded": 0, "repeated": 1}
    assert len(hooks.record("ses-hard")) == 1

    soft = hooks.sns("Notification", ses_notification(
        "Bounce", "ses-soft@reader-mail.example", bounce_type="Transient", sub_type="MailboxFull", status="4.2.2",
        diagnostic="smtp; 452 4.2.2 mailbox full"))
    assert hooks.post("ses", soft).json() == {"recorded": 1, "repeated": 0}
    assert hooks.status("ses-soft") == "active" and hooks.record("ses-soft")[0].kind == "soft"

    complaint = hooks.sns("Notification", ses_notification("Complaint", "ses-complaint@reader-mail.example"))
    assert hooks.post("ses", complaint).json() == {"recorded": 1, "repeated": 0}
    assert hooks.status("ses-complaint") == "unsubscribed"

    delivered = hooks.sns("Notification", ses_notification("Delivery", "ses-forged@reader-mail.example"))
    assert hooks.post("ses", delivered).json() == {"recorded": 0, "repeated": 0}


def test_ses_forgeries_change_nothing(hooks):
    genuine = hooks.sns("Notification", ses_notification(
        "Bounce", "ses-forged@reader-mail.example", bounce_type="Permanent", status="5.1.1", diagnostic="550"))
    tampered = {**genuine, "Message": genuine["Message"].replace("5.1.1", "5.1.2")}
    assert hooks.post("ses", tampered).status_code == 403
    unsigned = {key: value for key, value in genuine.items() if key != "Signature"}
    assert hooks.post("ses", unsigned).status_code == 401
    # Signed by a key of the attacker's, with its certificate on the attacker's own host.
    stranger_ca = make_ca("attacker CA")
    stranger = issue(stranger_ca, "attacker", hosts=())
    foreign_cert = sns_message("Notification", TOPIC, "https://attacker.example/cert.pem", stranger.key,
                               genuine["Message"])
    assert hooks.post("ses", foreign_cert).status_code == 403
    # ...or with the right certificate URL but a key that is not the certificate's.
    wrong_key = sns_message("Notification", TOPIC, hooks.sns_stub.cert_url, stranger.key, genuine["Message"])
    assert hooks.post("ses", wrong_key).status_code == 403
    other_topic = sns_message("Notification", "arn:aws:sns:eu-west-1:999999999999:not-ours",
                              hooks.sns_stub.cert_url, hooks.sns_stub.signer.key, genuine["Message"])
    assert hooks.post("ses", other_topic).status_code == 403
    assert hooks.post("ses", b"not json").status_code == 400
    assert hooks.status("ses-forged") == "active" and hooks.record("ses-forged") == []


def postmark_bounce(email: str, bounce_type: str, record_id: int, details: str, record_type: str = "Bounce"):
    return {"RecordType": record_type, "MessageStream": "broadcast", "ID": record_id, "Type": bounce_type,
            "TypeCode": 1, "Name": bounce_type, "Tag": "newsletter", "MessageID": str(uuid.uuid4()),
            "Metadata": {}, "ServerID": 23, "Description": "The server was unable to deliver your message.",
            "Details": details, "Email": email, "From": "newsletter@service-voices.example",
            "BouncedAt": "2026-11-22T08:01:00Z", "DumpAvailable": True, "Inactive": True, "CanActivate": True,
            "Subject": "Service Voices — November 2026"}


def test_postmark_with_basic_auth(hooks):
    auth = basic_auth(POSTMARK_USER, POSTMARK_PASSWORD)
    hard = postmark_bounce("pm-hard@reader-mail.example", "HardBounce", 4323372036854775807,
                           "smtp;550 5.1.1 The email account that you tried to reach does not exist.")
    assert hooks.post("postmark", hard, auth).json() == {"recorded": 1, "repeated": 0}
    assert hooks.status("pm-hard") == "bounced" and hooks.record("pm-hard")[0].code == "5.1.1"
    assert hooks.post("postmark", hard, auth).json() == {"recorded": 0, "repeated": 1}

    complaint = postmark_bounce("pm-complaint@reader-mail.example", "SpamComplaint", 42, "",
                                record_type="SpamComplaint")
    assert hooks.post("postmark", complaint, auth).json() == {"recorded": 1, "repeated": 0}
    assert hooks.status("pm-complaint") == "unsubscribed"

    delivery = {"RecordType": "Delivery", "Email": "pm-unauthorised@reader-mail.example", "MessageID": "x"}
    assert hooks.post("postmark", delivery, auth).json() == {"recorded": 0, "repeated": 0}

    attempt = postmark_bounce("pm-unauthorised@reader-mail.example", "HardBounce", 7, "550 5.1.1")
    unsigned = hooks.post("postmark", attempt)
    assert unsigned.status_code == 401 and unsigned.headers["www-authenticate"].startswith("Basic")
    assert hooks.post("postmark", attempt, basic_auth(POSTMARK_USER, "guess")).status_code == 403
    assert hooks.post(f"postmark/{POSTMARK_PATH}x", attempt).status_code == 403
    assert hooks.status("pm-unauthorised") == "active" and hooks.record("pm-unauthorised") == []


def test_postmark_with_a_secret_path(hooks):
    soft = postmark_bounce("pm-path@reader-mail.example", "SoftBounce", 99, "452 4.2.2 Mailbox full")
    assert hooks.post(f"postmark/{POSTMARK_PATH}", soft).json() == {"recorded": 1, "repeated": 0}
    [line] = hooks.record("pm-path")
    assert (line.kind, line.code, line.source) == ("soft", "4.2.2", "webhook:postmark")


def mailgun_event(event: str, email: str, **extra) -> dict:
    data = {"id": uuid.uuid4().hex[:22], "timestamp": time.time(), "event": event, "recipient": email,
            "message": {"headers": {"message-id": OUR_MESSAGE_ID.strip("<>"), "to": email,
                                    "subject": "Service Voices — November 2026"}}}
    data.update(extra)
    return data


def test_mailgun_signed_events(hooks):
    hard = mailgun_event("failed", "mg-hard@reader-mail.example", severity="permanent", reason="bounce",
                         **{"delivery-status": {"code": 550, "attempt-no": 1, "message":
                                                "5.1.1 The email account that you tried to reach does not exist."}})
    body = mailgun_body(MAILGUN_KEY, hard)
    assert hooks.post("mailgun", body).json() == {"recorded": 1, "repeated": 0}
    assert hooks.status("mg-hard") == "bounced"
    [line] = hooks.record("mg-hard")
    assert (line.code, line.issue, line.source) == ("5.1.1", ISSUE, "webhook:mailgun")
    assert hooks.post("mailgun", body).json() == {"recorded": 0, "repeated": 1}

    soft = mailgun_event("failed", "mg-soft@reader-mail.example", severity="temporary", reason="generic",
                         **{"delivery-status": {"code": 452, "message": "4.2.2 Mailbox full"}})
    assert hooks.post("mailgun", mailgun_body(MAILGUN_KEY, soft)).json()["recorded"] == 1
    assert hooks.status("mg-soft") == "active" and hooks.record("mg-soft")[0].kind == "soft"

    complaint = mailgun_event("complained", "mg-complaint@reader-mail.example")
    assert hooks.post("mailgun", mailgun_body(MAILGUN_KEY, complaint)).json()["recorded"] == 1
    assert hooks.status("mg-complaint") == "unsubscribed"

    opened = mailgun_event("opened", "mg-forged@reader-mail.example")
    assert hooks.post("mailgun", mailgun_body(MAILGUN_KEY, opened)).json() == {"recorded": 0, "repeated": 0}


def test_mailgun_replayed_forged_and_unsigned_requests_change_nothing(hooks):
    event = mailgun_event("failed", "mg-replayed@reader-mail.example", severity="permanent",
                          **{"delivery-status": {"code": 550, "message": "5.1.1 no such user"}})
    replayed = hooks.post("mailgun", mailgun_body(MAILGUN_KEY, event, timestamp=time.time() - 3600))
    assert replayed.status_code == 403 and "replays are refused" in replayed.text
    forged = hooks.post("mailgun", mailgun_body("not-the-key", {**event, "recipient": "mg-forged@reader-mail.example"}))
    assert forged.status_code == 403
    unsigned = hooks.post("mailgun", {"event-data": event})
    assert unsigned.status_code == 401
    assert hooks.status("mg-replayed") == "active" and hooks.record("mg-replayed") == []
    assert hooks.status("mg-forged") == "active" and hooks.record("mg-forged") == []


def sendgrid_events() -> list[dict]:
    def event(name, who, **extra):
        return {"email": f"{who}@reader-mail.example", "timestamp": int(time.time()), "smtp-id": OUR_MESSAGE_ID,
                "event": name, "category": ["newsletter"], "sg_event_id": uuid.uuid4().hex,
                "sg_message_id": "14c5d75ce93.dfd.64b469.filter0001.16648.5515E0B88.0", **extra}

    return [
        event("processed", "sg-hard"),
        event("bounce", "sg-hard", type="bounce", status="5.1.1", reason="550 5.1.1 The email account does not exist",
              bounce_classification="Invalid Address"),
        event("bounce", "sg-blocked", type="blocked", status="5.7.1", reason="550 5.7.1 blocked by policy"),
        event("deferred", "sg-deferred", response="451 4.7.1 Greylisted, try again later", attempt="1"),
        event("spamreport", "sg-complaint"),
        event("delivered", "sg-forged", response="250 OK"),
        event("open", "sg-forged", useragent="Mozilla/5.0"),
    ]


def test_sendgrid_signed_batch(hooks):
    body = json.dumps(sendgrid_events()).encode()
    answer = hooks.post("sendgrid", body, sendgrid_headers(hooks.sendgrid_private, body))
    assert answer.status_code == 200 and answer.json() == {"recorded": 4, "repeated": 0}
    assert hooks.status("sg-hard") == "bounced" and hooks.status("sg-complaint") == "unsubscribed"
    assert hooks.status("sg-blocked") == "active" and hooks.record("sg-blocked")[0].kind == "soft"
    assert hooks.status("sg-deferred") == "active" and hooks.record("sg-deferred")[0].code == "4.7.1"
    assert hooks.record("sg-hard")[0].issue == ISSUE

    again = hooks.post("sendgrid", body, sendgrid_headers(hooks.sendgrid_private, body))
    assert again.json() == {"recorded": 0, "repeated": 4}


def test_sendgrid_forged_and_unsigned_batches_change_nothing(hooks):
    events = [{"email": "sg-forged@reader-mail.example", "event": "bounce", "type": "bounce", "status": "5.1.1",
               "reason": "550 5.1.1", "sg_event_id": uuid.uuid4().hex, "timestamp": int(time.time())}]
    body = json.dumps(events).encode()
    other_private, _ = sendgrid_key_pair()
    assert hooks.post("sendgrid", body, sendgrid_headers(other_private, body)).status_code == 403
    headers = sendgrid_headers(hooks.sendgrid_private, body)
    assert hooks.post("sendgrid", body.replace(b"5.1.1", b"5.1.2"), headers).status_code == 403
    assert hooks.post("sendgrid", body, {"Content-Type": "application/json"}).status_code == 401
    assert hooks.status("sg-forged") == "active" and hooks.record("sg-forged") == []


def test_providers_without_keys_are_not_there(tmp_path):
    settings = settings_file(tmp_path / "settings.py", NEWSLETTER_DB=str(tmp_path / "newsletter.db"))
    with running_webhooks(settings, {}, tmp_path / "app.log") as url:
        for provider in ("ses", "postmark", "postmark/anything", "mailgun", "sendgrid"):
            answer = httpx.post(f"{url}/webhooks/{provider}", content=b"{}", timeout=30)
            assert answer.status_code == 404, provider
        assert httpx.get(f"{url}/webhooks/mailgun", timeout=30).status_code == 405
