"""SendGrid's signed Event Webhook: ECDSA (P-256, SHA-256) over the timestamp and the raw body.

SendGrid shows the verification key (base64 DER, or PEM) once signing is turned on;
put it in NEWSLETTER_SENDGRID_PUBLIC_KEY. Each request is a JSON array of events.

Events: ``bounce`` is a hard bounce (a ``blocked`` one, refused for reputation or
content, is soft), ``deferred`` is soft, ``spamreport`` is a complaint; every other
event (processed, delivered, dropped, open, click, unsubscribe...) is ignored.
Each event's ``sg_event_id`` makes a repeat count once.
"""

from __future__ import annotations

import base64
import binascii

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

from ..model import COMPLAINT, HARD, SOFT, Outcome, issue_in, one_line, status_code
from .common import Rejected, fallback_key, parse_json, text

SOURCE = "webhook:sendgrid"
SIGNATURE_HEADER = "X-Twilio-Email-Event-Webhook-Signature"
TIMESTAMP_HEADER = "X-Twilio-Email-Event-Webhook-Timestamp"


class PublicKeyError(ValueError):
    """NEWSLETTER_SENDGRID_PUBLIC_KEY is not an elliptic-curve public key."""


def load_public_key(value: str) -> ec.EllipticCurvePublicKey:
    try:
        if "BEGIN PUBLIC KEY" in value:
            key = serialization.load_pem_public_key(value.encode("ascii"))
        else:
            key = serialization.load_der_public_key(base64.b64decode("".join(value.split())))
    except (ValueError, binascii.Error, UnicodeError) as error:
        raise PublicKeyError(f"NEWSLETTER_SENDGRID_PUBLIC_KEY cannot be read as a public key: {error}") from None
    if not isinstance(key, ec.EllipticCurvePublicKey):
        raise PublicKeyError("NEWSLETTER_SENDGRID_PUBLIC_KEY is not an elliptic-curve (ECDSA) key")
    return key


def verify(body: bytes, headers, key: ec.EllipticCurvePublicKey) -> list:
    signature, timestamp = headers.get(SIGNATURE_HEADER), headers.get(TIMESTAMP_HEADER)
    if not signature or not timestamp:
        raise Rejected(401, f"unsigned: no {SIGNATURE_HEADER} and {TIMESTAMP_HEADER}")
    try:
        key.verify(base64.b64decode(signature), timestamp.encode("utf-8") + body, ec.ECDSA(hashes.SHA256()))
    except (InvalidSignature, binascii.Error, ValueError):
        raise Rejected(403, "the signature does not match the verification key") from None
    events = parse_json(body)
    if not isinstance(events, list):
        raise Rejected(400, "the body is not a JSON array of events")
    return events


def outcomes(events: list, known_issues) -> list[Outcome]:
    found = []
    for event in events:
        if not isinstance(event, dict):
            continue
        name = text(event.get("event")).lower()
        email = text(event.get("email")).strip().lower()
        if name not in ("bounce", "deferred", "spamreport") or not email:
            continue
        key = f"sendgrid:{event['sg_event_id']}" if event.get("sg_event_id") else fallback_key("sendgrid", event)
        issue = issue_in(text(event.get("smtp-id")), known_issues)
        if name == "spamreport":
            found.append(Outcome(email, COMPLAINT, "abuse", "spam report (SendGrid)", SOURCE, key, issue))
            continue
        said = text(event.get("reason") or event.get("response"))
        if name == "deferred":
            kind = SOFT
        else:
            kind = SOFT if text(event.get("type")).lower() == "blocked" else HARD
        code = status_code(text(event.get("status"))) or status_code(said)
        found.append(Outcome(email, kind, code, one_line(said or f"{name} (SendGrid)"), SOURCE, key, issue))
    return found
