"""VERP: an envelope sender that names the recipient and the issue of each message.

With NEWSLETTER_BOUNCE_ADDRESS = "bounces@example.com", the message of one issue to
one recipient leaves with the envelope sender ``bounces+<token>@example.com``. The
receiving server writes that address into ``Return-Path`` and sends any bounce
there, so the bounce names its recipient even when its text names an alias, a
forwarding address, or nobody at all.

The token is the first 80 bits of HMAC-SHA256(NEWSLETTER_SECRET, issue, address) in
lower-case base32 (a-z, 2-7): 16 characters, so ``bounces+…`` stays far under the
64-octet limit of a local part, and servers that change the case of local parts
cannot spoil it. The address is not carried, only proven: reading a token back means
finding the (issue, recipient) pair of the send ledger that gives the same HMAC.
Without the secret nobody can make a token that names a subscriber.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from service_voices.newsletter_mail.subscribers.store import InvalidAddress, normalize_email, open_connection

TOKEN_LENGTH = 16
LOCAL_PART_LIMIT = 64
_TOKEN = re.compile(rf"[a-z2-7]{{{TOKEN_LENGTH}}}")


class BounceAddressError(ValueError):
    """NEWSLETTER_BOUNCE_ADDRESS cannot carry a VERP token; the message says why."""


def make_token(secret: str, issue: str, email: str) -> str:
    if not secret:
        raise ValueError("an empty secret cannot sign VERP tokens; set NEWSLETTER_SECRET")
    digest = hmac.new(secret.encode("utf-8"), f"verp\x00{issue}\x00{email.lower()}".encode(), hashlib.sha256)
    return base64.b32encode(digest.digest()[:10]).decode("ascii").lower()


def split_bounce_address(bounce_address: str) -> tuple[str, str]:
    """(local part, domain) of a bounce address that can take a ``+token``; BounceAddressError otherwise."""
    try:
        address = normalize_email(bounce_address)
    except InvalidAddress as error:
        raise BounceAddressError(f"NEWSLETTER_BOUNCE_ADDRESS {bounce_address!r} {error}") from None
    local, domain = address.split("@")
    if "+" in local:
        raise BounceAddressError(f"NEWSLETTER_BOUNCE_ADDRESS {bounce_address!r} already has a '+'; give the plain "
                                 "mailbox, such as bounces@example.com")
    if len(local) + 1 + TOKEN_LENGTH > LOCAL_PART_LIMIT:
        raise BounceAddressError(f"NEWSLETTER_BOUNCE_ADDRESS {bounce_address!r}: the part before the @ is too long "
                                 f"to add a token (at most {LOCAL_PART_LIMIT - 1 - TOKEN_LENGTH} characters)")
    return local, domain


def verp_address(bounce_address: str, secret: str, issue: str, email: str) -> str:
    if not bounce_address:
        raise BounceAddressError("NEWSLETTER_BOUNCE_ADDRESS is empty, so there is no VERP address")
    return EnvelopeSenders(bounce_address, secret, issue, "")(email)


class EnvelopeSenders:
    """The envelope sender of each recipient of one issue: VERP when a bounce address is set, else ``default``.

    Made once per send (the bounce address is checked here, BounceAddressError if it
    cannot take a token), then called per recipient: one HMAC, about 2 µs.
    """

    def __init__(self, bounce_address: str, secret: str, issue: str, default: str):
        self.default = default
        self.secret = secret
        self.issue = issue
        self.parts = split_bounce_address(bounce_address) if bounce_address else None

    def __call__(self, email: str) -> str:
        if self.parts is None:
            return self.default
        local, domain = self.parts
        return f"{local}+{make_token(self.secret, self.issue, email)}@{domain}"


def sender_for(bounce_address: str, secret: str, issue: str, email: str, default: str) -> str:
    """The envelope sender for one message: VERP when a bounce address is set, else ``default``."""
    return EnvelopeSenders(bounce_address, secret, issue, default)(email)


def tokens_in(text: str, bounce_address: str) -> list[str]:
    """Every well-formed token in ``text`` addressed to the bounce mailbox, in order, without repeats."""
    if not bounce_address or not text:
        return []
    local, domain = split_bounce_address(bounce_address)
    pattern = re.compile(rf"(?<![\w.+-]){re.escape(local)}\+([a-z2-7]{{{TOKEN_LENGTH}}})@{re.escape(domain)}\b",
                         re.IGNORECASE)
    found = []
    for match in pattern.finditer(text):
        token = match.group(1).lower()
        if token not in found:
            found.append(token)
    return found


@dataclass(frozen=True)
class Named:
    """What a genuine token names."""
    issue: str
    email: str


@dataclass
class TokenIndex:
    """Reads tokens back against the send ledger, newest issue first.

    Each issue's tokens are computed the first time a token is looked for and not
    yet found, so a run that meets bounces of the latest issue only hashes its
    recipients (about 2 µs each).
    """

    db_path: Path
    secret: str
    _known: dict[str, Named] = field(default_factory=dict)
    _issues_left: list[str] | None = None

    def lookup(self, token: str) -> Named | None:
        token = token.lower()
        if not _TOKEN.fullmatch(token) or not self.secret:
            return None
        if self._issues_left is None:
            self._issues_left = self._issues_newest_first()
        while token not in self._known and self._issues_left:
            issue = self._issues_left.pop(0)
            for email in self._recipients(issue):
                self._known.setdefault(make_token(self.secret, issue, email), Named(issue, email))
        return self._known.get(token)

    def _query(self, sql: str, params: Iterable = ()) -> list[tuple]:
        connection = open_connection(self.db_path)
        try:
            return [tuple(row) for row in connection.execute(sql, tuple(params))]
        except sqlite3.OperationalError:
            return []  # no send has ever run on this database: no ledger tables yet
        finally:
            connection.close()

    def _issues_newest_first(self) -> list[str]:
        return [row[0] for row in self._query("SELECT issue FROM sends ORDER BY started_at DESC, issue DESC")]

    def _recipients(self, issue: str) -> list[str]:
        return [row[0] for row in self._query("SELECT email FROM deliveries WHERE issue = ?", (issue,))]
