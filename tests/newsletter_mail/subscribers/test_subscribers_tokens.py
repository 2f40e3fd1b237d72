from urllib.parse import parse_qs, urlsplit

import pytest

from service_voices.newsletter_mail.subscribers.tokens import (
    ExpiredToken,
    TokenError,
    confirm_url,
    make_token,
    read_token,
    unsubscribe_url,
)

SECRET = "test-secret-not-for-production"


def test_round_trip_and_url_safety():
    token = make_token(SECRET, "ana@example.com", "unsubscribe", issued_at=1_790_000_000)
    assert "=" not in token and all(ch.isalnum() or ch in "-_." for ch in token)
    assert read_token(SECRET, token, "unsubscribe") == "ana@example.com"


def test_tampering_and_wrong_purpose_are_refused():
    token = make_token(SECRET, "ana@example.com", "confirm")
    stamp, email, mac = token.split(".")
    forged_email = make_token(SECRET, "bo@example.com", "confirm").split(".")[1]
    for bad in (f"{stamp}.{forged_email}.{mac}", token[:-2], "", "abc", "a.b.c", token + ".x"):
        with pytest.raises(TokenError):
            read_token(SECRET, bad, "confirm")
    with pytest.raises(TokenError):
        read_token(SECRET, token, "unsubscribe")
    with pytest.raises(TokenError):
        read_token("another secret", token, "confirm")


def test_expiry():
    token = make_token(SECRET, "ana@example.com", "confirm", issued_at=1000)
    assert read_token(SECRET, token, "confirm", max_age=3600, now=1000 + 3600) == "ana@example.com"
    with pytest.raises(ExpiredToken):
        read_token(SECRET, token, "confirm", max_age=3600, now=1000 + 3601)
    assert issubclass(ExpiredToken, TokenError)


def test_empty_secret_refuses_to_sign():
    with pytest.raises(ValueError, match="NEWSLETTER_SECRET"):
        make_token("", "ana@example.com", "unsubscribe")


def test_links():
    url = unsubscribe_url("https://subscribe.example.com/", SECRET, "ana@example.com")
    parts = urlsplit(url)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "subscribe.example.com", "/unsubscribe")
    token = parse_qs(parts.query)["token"][0]
    assert read_token(SECRET, token, "unsubscribe") == "ana@example.com"
    link = confirm_url("https://subscribe.example.com", SECRET, "ana@example.com")
    assert link.startswith("https://subscribe.example.com/confirm?token=")
    assert read_token(SECRET, link.split("token=")[1], "confirm", max_age=60) == "ana@example.com"
    # Short enough to sit unfolded in a List-Unsubscribe header.
    assert len(url) < 120
