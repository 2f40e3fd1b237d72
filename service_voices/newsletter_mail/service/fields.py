"""Cleaning what a visitor typed into the sign-up form, before anything stores it."""

from __future__ import annotations

import ipaddress

from service_voices.names import clean_name

# Longer than any address normalize_email would accept; cut before parsing so a
# megabyte of junk costs nothing.
EMAIL_MAX_INPUT = 320
TOKEN_MAX_LENGTH = 512
ORIGIN_MAX_LENGTH = 200


def bounded(text: str | None, limit: int) -> str:
    """A form value cut to a length bound; non-strings (uploads) count as empty."""
    return text[:limit] if isinstance(text, str) else ""


def client_key(host: str | None) -> str:
    """The rate-limit key of a client address.

    IPv6 users usually get a whole /64, so one person could rotate through
    addresses; they are counted per /64.
    """
    if not host:
        return "unknown"
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return host[:64]
    if address.version == 6:
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def consent_evidence(request, with_origin: bool = False) -> dict:
    """What a sign-up or a confirmation click leaves on record: the client address and,
    for the form, the page it was posted from (the Origin header a browser sends)."""
    evidence = {"ip": request.client.host if request.client else ""}
    if with_origin:
        evidence["origin"] = clean_name(request.headers.get("origin", ""), limit=ORIGIN_MAX_LENGTH)
    return evidence
