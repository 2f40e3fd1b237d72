"""Amazon SES notifications delivered by SNS: verify the SNS signature, confirm, map to outcomes.

Anyone can send JSON to the webhook, and anyone with an AWS account can have SNS
sign messages of their own topic, so a notification is believed only when:
- its TopicArn is one of NEWSLETTER_SNS_TOPIC_ARNS;
- its SigningCertURL is https on a host matching NEWSLETTER_SNS_HOST_PATTERN
  (``sns.<region>.amazonaws.com``), so the certificate comes from SNS itself;
- its Signature (SignatureVersion 1: SHA1withRSA, 2: SHA256withRSA) verifies, with
  that certificate, over the fields SNS signs for its Type.
A SubscriptionConfirmation passing those checks is confirmed by fetching its
SubscribeURL (which must be on an SNS host too).

SES notification types (or event types of a configuration set): Bounce, Permanent
is hard, Transient and Undetermined are soft; Complaint is a complaint (unless its
feedback type is not-spam); DeliveryDelay is soft; every other type is ignored.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import re
import ssl
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from ..model import COMPLAINT, HARD, SOFT, Outcome, issue_in, one_line, status_code
from .common import Rejected, parse_json, text

SOURCE = "webhook:ses"
CERT_LIMIT = 64 * 1024
FETCH_TIMEOUT = 10
_SIGNED_FIELDS = {
    "Notification": ("Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"),
    "SubscriptionConfirmation": ("Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type"),
    "UnsubscribeConfirmation": ("Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type"),
}
_HASHES = {"1": hashes.SHA1, "2": hashes.SHA256}


def string_to_sign(message: dict) -> bytes:
    """The text SNS signs: each signed field present, as ``name\\nvalue\\n``, in byte order of the names."""
    fields = _SIGNED_FIELDS[message["Type"]]
    return "".join(f"{name}\n{message[name]}\n" for name in fields if name in message).encode("utf-8")


def on_sns_host(url: str, host_pattern: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme == "https" and bool(parts.hostname) and bool(
        re.fullmatch(host_pattern, parts.hostname, re.IGNORECASE))


def fetch(url: str, limit: int = CERT_LIMIT) -> bytes:
    """GET an https URL, checking the server's certificate against the trust store."""
    request = urllib.request.Request(url, headers={"User-Agent": "service-voices-webhooks"})
    with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT, context=ssl.create_default_context()) as answer:
        return answer.read(limit)


class SnsVerifier:
    """Checks SNS messages; the signing certificates it fetched are kept for the app's lifetime."""

    def __init__(self, topics: tuple[str, ...], host_pattern: str):
        self.topics = set(topics)
        self.host_pattern = host_pattern
        self.keys: dict[str, rsa.RSAPublicKey] = {}

    def verify(self, body: bytes) -> dict:
        message = parse_json(body)
        if not isinstance(message, dict) or message.get("Type") not in _SIGNED_FIELDS:
            raise Rejected(400, "not an SNS message")
        if not message.get("Signature") or not message.get("SigningCertURL"):
            raise Rejected(401, "unsigned: no Signature or SigningCertURL")
        if message.get("TopicArn") not in self.topics:
            raise Rejected(403, f"topic {message.get('TopicArn')!r} is not in NEWSLETTER_SNS_TOPIC_ARNS")
        digest = _HASHES.get(text(message.get("SignatureVersion")))
        if digest is None:
            raise Rejected(403, f"unknown SignatureVersion {message.get('SignatureVersion')!r}")
        url = text(message["SigningCertURL"])
        if not on_sns_host(url, self.host_pattern):
            raise Rejected(403, f"the signing certificate is not on an SNS host: {url}")
        try:
            signature = base64.b64decode(text(message["Signature"]), validate=True)
            self._key(url).verify(signature, string_to_sign(message), padding.PKCS1v15(), digest())
        except (InvalidSignature, binascii.Error, KeyError):
            raise Rejected(403, "the SNS signature does not verify") from None
        return message

    def _key(self, url: str) -> rsa.RSAPublicKey:
        if url not in self.keys:
            try:
                certificate = x509.load_pem_x509_certificate(fetch(url))
            except (OSError, ValueError) as error:
                raise Rejected(502, f"cannot fetch the signing certificate {url}: {error}") from None
            now = dt.datetime.now(dt.UTC)
            if not certificate.not_valid_before_utc <= now <= certificate.not_valid_after_utc:
                raise Rejected(403, "the signing certificate is not valid now")
            key = certificate.public_key()
            if not isinstance(key, rsa.RSAPublicKey):
                raise Rejected(403, "the signing certificate does not hold an RSA key")
            self.keys[url] = key
        return self.keys[url]

    def confirm(self, message: dict) -> None:
        url = text(message.get("SubscribeURL"))
        if not on_sns_host(url, self.host_pattern):
            raise Rejected(403, f"the SubscribeURL is not on an SNS host: {url}")
        try:
            fetch(url)
        except (OSError, urllib.error.URLError) as error:
            raise Rejected(502, f"could not confirm the subscription: {error}") from None


def outcomes(message: dict, known_issues) -> list[Outcome]:
    """What one verified SNS Notification carrying an SES notification says."""
    try:
        notification = json.loads(text(message.get("Message")))
    except ValueError:
        return []
    if not isinstance(notification, dict):
        return []
    kind_name = text(notification.get("notificationType") or notification.get("eventType"))
    mail = notification.get("mail") or {}
    issue = issue_in(text((mail.get("commonHeaders") or {}).get("messageId")), known_issues) or issue_in(
        json.dumps(mail.get("headers") or []), known_issues)
    event_id = text(message.get("MessageId"))
    if kind_name == "Bounce":
        return _bounces(notification.get("bounce") or {}, event_id, issue)
    if kind_name == "Complaint":
        return _complaints(notification.get("complaint") or {}, event_id, issue)
    if kind_name == "DeliveryDelay":
        return _delays(notification.get("deliveryDelay") or {}, event_id, issue)
    return []


def _key(event: dict, event_id: str, email: str) -> str:
    return f"ses:{event.get('feedbackId') or event_id}:{email}"


def _bounces(bounce: dict, event_id: str, issue: str) -> list[Outcome]:
    bounce_type = text(bounce.get("bounceType"))
    kind = HARD if bounce_type == "Permanent" else SOFT
    found = []
    for recipient in bounce.get("bouncedRecipients") or []:
        email = text(recipient.get("emailAddress")).strip().lower()
        if not email:
            continue
        said = text(recipient.get("diagnosticCode"))
        code = text(recipient.get("status")) or status_code(said) or f"{bounce_type}/{bounce.get('bounceSubType')}"
        diagnostic = said or f"{bounce_type} bounce ({bounce.get('bounceSubType')})"
        found.append(Outcome(email, kind, code, one_line(diagnostic), SOURCE, _key(bounce, event_id, email), issue))
    return found


def _complaints(complaint: dict, event_id: str, issue: str) -> list[Outcome]:
    feedback_type = text(complaint.get("complaintFeedbackType")) or "abuse"
    if feedback_type == "not-spam":
        return []
    return [Outcome(email, COMPLAINT, feedback_type, f"complaint ({feedback_type}) reported through SES", SOURCE,
                    _key(complaint, event_id, email), issue)
            for recipient in complaint.get("complainedRecipients") or []
            if (email := text(recipient.get("emailAddress")).strip().lower())]


def _delays(delay: dict, event_id: str, issue: str) -> list[Outcome]:
    found = []
    for recipient in delay.get("delayedRecipients") or []:
        email = text(recipient.get("emailAddress")).strip().lower()
        if email:
            said = text(recipient.get("diagnosticCode")) or f"delayed ({delay.get('delayType')})"
            found.append(Outcome(email, SOFT, text(recipient.get("status")) or status_code(said), one_line(said),
                                 SOURCE, f"ses:{event_id}:{email}", issue))
    return found
