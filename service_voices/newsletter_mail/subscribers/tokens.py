"""Signed tokens that carry an email address in confirmation and unsubscribe links.

A token is ``<issued_at base 36>.<address, base64url>.<MAC, base64url>``. The MAC is
HMAC-SHA256 over the purpose, the address and the issue time, cut to 128 bits so
that the unsubscribe URL stays short enough for one unfolded List-Unsubscribe header.
The purpose is signed but not carried, so a confirmation token can never be replayed
as an unsubscribe token or the other way round.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import time

MAC_BYTES = 16


class TokenError(ValueError):
    """The token is malformed, tampered with, or made for another purpose."""


class ExpiredToken(TokenError):
    """The token is genuine but older than allowed."""


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _to_base36(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        number, rest = divmod(number, 36)
        out = digits[rest] + out
        if not number:
            return out


def _mac(secret: str, email: str, purpose: str, issued_at: int) -> bytes:
    if not secret:
        raise ValueError("an empty secret cannot sign tokens; set NEWSLETTER_SECRET")
    message = f"{purpose}\x00{email}\x00{issued_at}".encode()
    return hmac.new(secret.encode("utf-8"), message, hashlib.sha256).digest()[:MAC_BYTES]


def make_token(secret: str, email: str, purpose: str, issued_at: int | None = None) -> str:
    if issued_at is None:
        issued_at = int(time.time())
    if issued_at < 0:
        raise ValueError("issued_at cannot be negative")
    mac = _mac(secret, email, purpose, issued_at)
    return f"{_to_base36(issued_at)}.{_b64(email.encode('utf-8'))}.{_b64(mac)}"


def read_token(secret: str, token: str, purpose: str, max_age: int | None = None,
               now: int | None = None) -> str:
    """The address a genuine token was made for; TokenError or ExpiredToken otherwise."""
    return read_token_issued(secret, token, purpose, max_age, now)[0]


def read_token_issued(secret: str, token: str, purpose: str, max_age: int | None = None,
                      now: int | None = None) -> tuple[str, int]:
    """The address and the issue time (Unix seconds) of a genuine token."""
    parts = token.split(".") if isinstance(token, str) else []
    if len(parts) != 3 or not all(parts):
        raise TokenError("malformed token")
    stamp, encoded_email, encoded_mac = parts
    try:
        issued_at = int(stamp, 36)
        email = _unb64(encoded_email).decode("utf-8")
        mac = _unb64(encoded_mac)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise TokenError("malformed token") from None
    if not hmac.compare_digest(mac, _mac(secret, email, purpose, issued_at)):
        raise TokenError("token signature does not match")
    if max_age is not None:
        now = int(time.time()) if now is None else now
        if now - issued_at > max_age:
            raise ExpiredToken("token has expired")
    return email, issued_at


def _link(service_url: str, path: str, token: str) -> str:
    return f"{service_url.rstrip('/')}/{path}?token={token}"


def unsubscribe_url(service_url: str, secret: str, email: str, issued_at: int | None = None) -> str:
    return _link(service_url, "unsubscribe", make_token(secret, email, "unsubscribe", issued_at))


def confirm_url(service_url: str, secret: str, email: str, issued_at: int | None = None) -> str:
    return _link(service_url, "confirm", make_token(secret, email, "confirm", issued_at))
