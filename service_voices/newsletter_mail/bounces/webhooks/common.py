"""What every provider's webhook shares: refusals with their HTTP status, and reading the body."""

from __future__ import annotations

import hashlib
import json

MAX_BODY = 5 * 1024 * 1024  # SendGrid batches many events in one request


class Rejected(Exception):
    """The request is refused with ``status``; nothing was recorded."""

    def __init__(self, status: int, reason: str, headers: dict | None = None):
        super().__init__(reason)
        self.status = status
        self.reason = reason
        self.headers = headers or {}


def parse_json(body: bytes):
    try:
        return json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise Rejected(400, "the body is not JSON") from None


def fallback_key(provider: str, event) -> str:
    """An event key for an event without an id of its own: its content."""
    canonical = json.dumps(event, sort_keys=True, separators=(",", ":"), default=str)
    return f"{provider}:sha256:{hashlib.sha256(canonical.encode()).hexdigest()}"


def text(value) -> str:
    return "" if value is None else str(value)
