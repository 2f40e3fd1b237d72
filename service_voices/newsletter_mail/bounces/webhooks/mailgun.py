"""Mailgun's webhooks (JSON): HMAC-SHA256 signatures, fresh ones only.

Mailgun signs ``timestamp + token`` with the account's webhook signing key and sends
the hex digest with them in ``signature``. A signature older (or further in the
future) than NEWSLETTER_WEBHOOK_MAX_AGE seconds is a replay and is refused; the
same event sent twice within that time carries the same ``event-data.id`` and is
recorded once.

Events: ``failed`` with severity ``permanent`` is a hard bounce and ``temporary`` a
soft one; ``complained`` is a complaint; every other event is accepted and ignored.
"""

from __future__ import annotations

import hashlib
import hmac
import time

from ..model import COMPLAINT, HARD, SOFT, Outcome, issue_in, one_line, status_code
from .common import Rejected, fallback_key, parse_json, text

SOURCE = "webhook:mailgun"


def verify(body: bytes, key: str, max_age: int, now: float | None = None) -> dict:
    """The verified payload; Rejected (401 unsigned, 403 forged or stale) otherwise."""
    payload = parse_json(body)
    signature = payload.get("signature") if isinstance(payload, dict) else None
    if not isinstance(signature, dict) or not all(signature.get(name) for name in ("timestamp", "token",
                                                                                   "signature")):
        raise Rejected(401, "unsigned: no signature block")
    timestamp, token = text(signature["timestamp"]), text(signature["token"])
    expected = hmac.new(key.encode("utf-8"), (timestamp + token).encode("utf-8"), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, text(signature["signature"]).lower()):
        raise Rejected(403, "the signature does not match the webhook signing key")
    try:
        age = (time.time() if now is None else now) - float(timestamp)
    except ValueError:
        raise Rejected(403, "the signature's timestamp is not a number") from None
    if abs(age) > max_age:
        raise Rejected(403, f"the signature is {int(age)} s old; replays are refused")
    return payload


def outcomes(payload: dict, known_issues) -> list[Outcome]:
    event = payload.get("event-data")
    if not isinstance(event, dict):
        raise Rejected(400, "no event-data")
    name = text(event.get("event")).lower()
    email = text(event.get("recipient")).strip().lower()
    if name not in ("failed", "complained") or not email:
        return []
    key = f"mailgun:{event['id']}" if event.get("id") else fallback_key("mailgun", event)
    headers = (event.get("message") or {}).get("headers") or {}
    issue = issue_in(text(headers.get("message-id")), known_issues)
    if name == "complained":
        return [Outcome(email, COMPLAINT, "abuse", "complained (Mailgun)", SOURCE, key, issue)]
    status = event.get("delivery-status") or {}
    said = " ".join(text(status.get(field)) for field in ("message", "description") if status.get(field))
    kind = HARD if text(event.get("severity")).lower() == "permanent" else SOFT
    code = text(status.get("enhanced-code")) or status_code(said) or text(status.get("code"))
    diagnostic = said or f"{event.get('severity', '')} failure: {event.get('reason', '')}"
    return [Outcome(email, kind, code, one_line(diagnostic), SOURCE, key, issue)]
