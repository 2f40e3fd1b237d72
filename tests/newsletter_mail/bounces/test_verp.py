"""VERP addresses: short, case-proof, unforgeable, and read back against the send ledger."""

import pytest
from bounce_support import BOUNCE_ADDRESS, SECRET, make_list

from service_voices.newsletter_mail.bounces.verp import (
    BounceAddressError,
    Named,
    TokenIndex,
    make_token,
    sender_for,
    split_bounce_address,
    tokens_in,
    verp_address,
)
from service_voices.newsletter_mail.subscribers.store import normalize_email


def test_address_shape_and_limits():
    longest = "a" * 64 + "@" + ("b" * 60 + ".") * 3 + "example"
    address = verp_address(BOUNCE_ADDRESS, SECRET, "november-2026", longest)
    local, domain = address.split("@")
    assert domain == "service-voices.example"
    assert local.startswith("bounces+") and len(local) == len("bounces+") + 16 <= 64
    assert normalize_email(address) == address  # a valid address, already in lower case
    assert address == verp_address("Bounces@Service-Voices.example", SECRET, "november-2026", longest.upper())


def test_token_depends_on_recipient_issue_and_secret():
    tokens = {make_token(SECRET, issue, email) for issue in ("2026-10", "2026-11")
              for email in ("ana@example.com", "bo@example.com")}
    assert len(tokens) == 4
    assert make_token("another secret", "2026-11", "ana@example.com") not in tokens


def test_without_a_bounce_address_the_sender_stays():
    assert sender_for("", SECRET, "2026-11", "ana@example.com", "newsletter@x.example") == "newsletter@x.example"
    assert sender_for(BOUNCE_ADDRESS, SECRET, "2026-11", "ana@example.com", "newsletter@x.example").startswith(
        "bounces+")


@pytest.mark.parametrize(("address", "problem"), [
    ("bounces+x@example.com", "already has a '+'"),
    ("not an address", "bare address"),
    ("b" * 50 + "@example.com", "too long"),
])
def test_bad_bounce_addresses_are_refused_with_the_reason(address, problem):
    with pytest.raises(BounceAddressError, match="NEWSLETTER_BOUNCE_ADDRESS") as refused:
        split_bounce_address(address)
    assert problem in str(refused.value)


def test_tokens_are_found_in_text_in_any_case():
    address = verp_address(BOUNCE_ADDRESS, SECRET, "2026-11", "ana@example.com")
    token = address.split("+")[1].split("@")[0]
    text = f"Delivered-To: {address.upper()}\nReturn-Path: <{address}>\nTo: xbounces+{token}@service-voices.example"
    assert tokens_in(text, BOUNCE_ADDRESS) == [token]
    assert tokens_in(text, "other@service-voices.example") == []


def test_index_reads_tokens_back_from_the_ledger(tmp_path):
    db = tmp_path / "newsletter.db"
    make_list(db, ["ana@example.com", "bo@example.com"], ["2026-10", "2026-11"])
    index = TokenIndex(db, SECRET)
    assert index.lookup(make_token(SECRET, "2026-10", "bo@example.com").upper()) == Named("2026-10", "bo@example.com")
    assert index.lookup(make_token(SECRET, "2026-11", "ana@example.com")) == Named("2026-11", "ana@example.com")
    assert index.lookup(make_token(SECRET, "2026-12", "ana@example.com")) is None  # never sent
    assert index.lookup(make_token("wrong", "2026-11", "ana@example.com")) is None
    assert index.lookup("not-a-token") is None
    assert TokenIndex(tmp_path / "empty.db", SECRET).lookup(make_token(SECRET, "2026-11", "ana@example.com")) is None
