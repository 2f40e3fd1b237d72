"""Postmark's bounce and spam-complaint webhooks, behind basic auth or a secret path.

Postmark does not sign its webhooks; it can send a user name and password (basic
auth in the webhook URL) or post to a URL only it knows. Both are checked here in
constant time.

Bounce types: HardBounce and BadEmailAddress are hard; SoftBounce, Transient,
DnsError and Blocked are soft; SpamComplaint (its own webhook, or a Bounce record
of that type) is a complaint; AutoResponder and every other type, and every other
record type (Delivery, Open, Click, SubscriptionChange), are ignored. Postmark's
bounce ``ID`` makes a repeat count once.
"""

from __future__ import annotations

import base64
import binascii
import hmac

from ..model import COMPLAINT, HARD, SOFT, Outcome, one_line, status_code
from .common import Rejected, fallback_key, text

SOURCE = "webhook:postmark"
HARD_TYPES = {"hardbounce", "bademailaddress"}
SOFT_TYPES = {"softbounce", "transient", "dnserror", "blocked"}


def check_basic_auth(authorization: str, user: str, password: str) -> None:
    challenge = {"WWW-Authenticate": 'Basic realm="webhooks"'}
    scheme, _, encoded = (authorization or "").partition(" ")
    if scheme.lower() != "basic" or not encoded:
        raise Rejected(401, "this webhook needs basic auth", challenge)
    try:
        given_user, _, given_password = base64.b64decode(encoded.strip()).decode("utf-8").partition(":")
    except (binascii.Error, UnicodeDecodeError):
        raise Rejected(401, "unreadable basic auth", challenge) from None
    good_user = hmac.compare_digest(given_user.encode(), user.encode())
    good_password = hmac.compare_digest(given_password.encode(), password.encode())
    if not (good_user and good_password):
        raise Rejected(403, "wrong user name or password")


def check_path_secret(given: str, secret: str) -> None:
    if not hmac.compare_digest(given.encode(), secret.encode()):
        raise Rejected(403, "wrong secret path")


def outcomes(record) -> list[Outcome]:
    if not isinstance(record, dict):
        raise Rejected(400, "the body is not a JSON object")
    record_type = text(record.get("RecordType")).lower()
    bounce_type = text(record.get("Type")).lower()
    email = text(record.get("Email")).strip().lower()
    if record_type not in ("bounce", "spamcomplaint") or not email:
        return []
    key = f"postmark:{record_type}:{record['ID']}" if record.get("ID") else fallback_key("postmark", record)
    if record_type == "spamcomplaint" or bounce_type == "spamcomplaint":
        return [Outcome(email, COMPLAINT, "abuse", "spam complaint (Postmark)", SOURCE, key)]
    if bounce_type in HARD_TYPES:
        kind = HARD
    elif bounce_type in SOFT_TYPES:
        kind = SOFT
    else:
        return []
    said = text(record.get("Details")) or text(record.get("Description"))
    code = status_code(said) or text(record.get("Type"))
    return [Outcome(email, kind, code, one_line(f"{record.get('Type')}: {said}"), SOURCE, key)]
