"""Webhook requests signed the way each provider signs them, with keys made for the test.

- SNS (Amazon SES): RSA over the message's signed fields, with a certificate named in
  SigningCertURL (SignatureVersion 1 is SHA1withRSA, 2 is SHA256withRSA);
- Mailgun: HMAC-SHA256 of timestamp + token under the webhook signing key, hex;
- SendGrid: ECDSA P-256/SHA-256 over timestamp + body, base64 DER, in two headers;
- Postmark signs nothing: basic auth, or a secret path.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import secrets
import time
import uuid

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding

SNS_SIGNED = {
    "Notification": ("Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"),
    "SubscriptionConfirmation": ("Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type"),
}


def sns_message(kind: str, topic: str, cert_url: str, signing_key, message: str, version: str = "1",
                **fields) -> dict:
    """An SNS message of ``kind`` as SNS posts it, signed with ``signing_key``."""
    body = {"Type": kind, "MessageId": str(uuid.uuid4()), "TopicArn": topic, "Message": message,
            "Timestamp": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z",
            "SignatureVersion": version, "SigningCertURL": cert_url, **fields}
    signed = "".join(f"{name}\n{body[name]}\n" for name in SNS_SIGNED[kind] if name in body).encode()
    digest = hashes.SHA1() if version == "1" else hashes.SHA256()
    body["Signature"] = base64.b64encode(signing_key.sign(signed, padding.PKCS1v15(), digest)).decode()
    return body


def mailgun_body(key: str, event_data: dict, timestamp: float | None = None) -> bytes:
    stamp = str(int(time.time() if timestamp is None else timestamp))
    token = secrets.token_hex(25)
    signature = hmac.new(key.encode(), (stamp + token).encode(), hashlib.sha256).hexdigest()
    return json.dumps({"signature": {"timestamp": stamp, "token": token, "signature": signature},
                       "event-data": event_data}).encode()


def sendgrid_key_pair() -> tuple[ec.EllipticCurvePrivateKey, str]:
    """A private key and its public half as SendGrid shows it (base64 of the DER)."""
    private = ec.generate_private_key(ec.SECP256R1())
    public = private.public_key().public_bytes(serialization.Encoding.DER,
                                               serialization.PublicFormat.SubjectPublicKeyInfo)
    return private, base64.b64encode(public).decode()


def sendgrid_headers(private_key: ec.EllipticCurvePrivateKey, body: bytes, timestamp: str | None = None) -> dict:
    stamp = timestamp or str(int(time.time()))
    signature = private_key.sign(stamp.encode() + body, ec.ECDSA(hashes.SHA256()))
    return {"Content-Type": "application/json", "X-Twilio-Email-Event-Webhook-Signature":
            base64.b64encode(signature).decode(), "X-Twilio-Email-Event-Webhook-Timestamp": stamp}


def basic_auth(user: str, password: str) -> dict:
    return {"Authorization": "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()}
