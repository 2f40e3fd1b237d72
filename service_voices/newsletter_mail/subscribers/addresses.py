"""What counts as one subscriber address, and its stored form."""

from __future__ import annotations

import re

_LOCAL_PART = re.compile(r"[a-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*")
_DOMAIN_LABEL = re.compile(r"[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?")
_NOT_BARE = re.compile(r"[\s<>,;:\"()\[\]\\]")
# A cell starting with one of these is a formula to a spreadsheet (OWASP, CSV
# injection). Such an address is legal in RFC 5322 but nobody's real one, and it
# would land in every export, so it is refused wherever an address arrives.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class InvalidAddress(ValueError):
    """Not one plain email address; the message says why, for people to read."""


def normalize_email(text) -> str:
    """The address in its stored form (lower case), or InvalidAddress with the reason."""
    if not isinstance(text, str):
        raise InvalidAddress("is not text")
    if "\r" in text or "\n" in text:
        raise InvalidAddress("contains a line break")
    address = text.strip().lower()
    if not address:
        raise InvalidAddress("is empty")
    if address.startswith(FORMULA_STARTS):
        raise InvalidAddress(f"starts with {address[0]!r}, which a spreadsheet would run as a formula")
    if not address.isascii():
        raise InvalidAddress("contains non-ASCII characters")
    if _NOT_BARE.search(address):
        raise InvalidAddress("must be a bare address (no name, spaces, brackets or lists)")
    if address.count("@") != 1:
        raise InvalidAddress("must contain exactly one @")
    if len(address) > 254:
        raise InvalidAddress("is longer than 254 characters")
    local, domain = address.split("@")
    if not local or len(local) > 64 or not _LOCAL_PART.fullmatch(local):
        raise InvalidAddress("has an invalid part before the @")
    labels = domain.split(".")
    if len(labels) < 2 or not all(_DOMAIN_LABEL.fullmatch(label) for label in labels):
        raise InvalidAddress("has an invalid domain")
    if labels[-1].isdigit():
        raise InvalidAddress("has an invalid domain")
    return address
