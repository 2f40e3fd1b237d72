"""The sign-up service's pure parts: field cleaning, rate limiting, the confirmation
mail and the configuration, without a server."""

from __future__ import annotations

import email
import email.policy
import os
import subprocess
import sys

import pytest
from support import ROOT

from service_voices.names import clean_name
from service_voices.newsletter_mail.service.fields import client_key
from service_voices.newsletter_mail.service.mail import SmtpConfig, SmtpConfigError, confirmation_message
from service_voices.newsletter_mail.service.ratelimit import SlidingWindowLimiter
from service_voices.newsletter_mail.service.runner import ConfigError, load_config


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@pytest.mark.parametrize("typed, kept", [
    ("  Maya   Reyes ", "Maya Reyes"),
    ("Ann\r\nBcc: x@example.org", "Ann Bcc: x@example.org"),
    ("Zo\u00eb\x00\x07 \u202eLi\u200b", "Zo\u00eb Li"),
    ("Jos\u0065\u0301", "Jos\u00e9"),
    ("", ""),
    (None, ""),
])
def test_names_lose_control_and_format_characters(typed, kept):
    assert clean_name(typed) == kept


def test_names_are_bounded():
    assert clean_name("x" * 1000) == "x" * 100
    assert clean_name("a " * 60 + "b" * 60, limit=10) == "a a a a a"


@pytest.mark.parametrize("host, key", [
    ("203.0.113.9", "203.0.113.9"),
    ("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"),
    ("2001:db8:1:2:ffff::1", "2001:db8:1:2::/64"),
    ("::ffff:203.0.113.9", "203.0.113.9"),
    (None, "unknown"),
    ("not-an-ip", "not-an-ip"),
])
def test_client_keys_group_an_ipv6_network(host, key):
    assert client_key(host) == key


def test_the_limiter_counts_per_key_within_a_sliding_window():
    clock = Clock()
    limiter = SlidingWindowLimiter(limit=3, window=60, clock=clock)
    assert [limiter.hit("a") for _ in range(3)] == [0, 0, 0]
    assert limiter.hit("a") == 60
    assert limiter.hit("b") == 0
    clock.now += 30
    assert limiter.hit("a") == 30
    clock.now += 30
    assert limiter.hit("a") == 0, "the first hits have left the window"


def test_the_limiter_forgets_old_keys_when_full():
    clock = Clock()
    limiter = SlidingWindowLimiter(limit=1, window=10, clock=clock, max_keys=3)
    for key in "abc":
        limiter.hit(key)
    clock.now += 11
    limiter.hit("d")
    assert limiter.hit("d") > 0
    assert limiter.hit("a") == 0, "a's hit expired and was dropped, not kept as a block"


def test_a_zero_limit_switches_limiting_off():
    limiter = SlidingWindowLimiter(limit=0, window=60)
    assert all(limiter.hit("a") == 0 for _ in range(100))


def test_the_confirmation_mail_is_plain_safe_and_smtp_ready():
    message = confirmation_message(
        sender="Service Voices <newsletter@service-voices.example>", recipient="maya@example.org",
        confirm_url="https://subscribe.example/confirm?token=abc.def.ghi", site_name="Service Voices",
        site_url="https://voices.example", valid_hours=48)
    raw = message.as_bytes(policy=email.policy.SMTP)
    assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")
    parsed = email.message_from_bytes(raw, policy=email.policy.default)
    assert parsed["To"] == "maya@example.org"
    assert parsed["Message-ID"].endswith("@service-voices.example>")
    body = parsed.get_content()
    assert "https://subscribe.example/confirm?token=abc.def.ghi" in body
    assert "48 hours" in body


def test_a_header_can_never_take_a_line_break():
    with pytest.raises(ValueError):
        confirmation_message(sender="a@example.org", recipient="v@example.org\r\nBcc: x@example.org",
                             confirm_url="https://x/confirm", site_name="S", site_url="https://x",
                             valid_hours=48)


def test_smtp_settings_read_like_the_sender_reads_them():
    smtp = SmtpConfig.from_env({"SMTP_HOST": "mail.example", "SMTP_TLS": "ssl", "SMTP_USER": "u",
                                  "SMTP_PASSWORD": "p"})
    assert (smtp.host, smtp.port, smtp.tls, smtp.user) == ("mail.example", 465, "ssl", "u")
    assert SmtpConfig.from_env({"SMTP_HOST": "mail.example"}).port == 587
    for environ in ({}, {"SMTP_HOST": "h", "SMTP_TLS": "maybe"}, {"SMTP_HOST": "h", "SMTP_PORT": "x"},
                    {"SMTP_HOST": "h", "SMTP_USER": "u"}):
        with pytest.raises(SmtpConfigError):
            SmtpConfig.from_env(environ)


SITE = {"SITEURL": "https://voices.example/", "SITENAME": "Service Voices"}
ENV = {"NEWSLETTER_SECRET": "s", "SMTP_HOST": "127.0.0.1", "SMTP_TLS": "none"}


def test_the_config_joins_site_and_service_settings():
    config = load_config({**SITE, "NEWSLETTER_SERVICE_URL": "https://subscribe.example/",
                          "NEWSLETTER_DB": "var/list.db"}, ENV)
    assert config.service_url == "https://subscribe.example"
    assert config.thanks_url == "https://voices.example/newsletter-thanks/"
    assert config.db_path == ROOT / "var" / "list.db"
    assert config.stylesheets[0] == "https://voices.example/theme/css/site.css"
    absolute = load_config({**SITE, "NEWSLETTER_SIGNUP_THANKS_URL": "https://elsewhere.example/thanks"}, ENV)
    assert absolute.thanks_url == "https://elsewhere.example/thanks"
    assert absolute.service_url == "http://127.0.0.1:8025", "a local fallback when no public URL is set"


@pytest.mark.parametrize("settings, environ, complaint", [
    (SITE, {**ENV, "NEWSLETTER_SECRET": ""}, "NEWSLETTER_SECRET"),
    (SITE, {"NEWSLETTER_SECRET": "s"}, "SMTP_HOST"),
    ({**SITE, "NEWSLETTER_SIGNUP_CLIENT_LIMIT": "ten"}, ENV, "NEWSLETTER_SIGNUP_CLIENT_LIMIT"),
    ({**SITE, "NEWSLETTER_DB": "output/newsletter.db"}, ENV, "NEWSLETTER_DB points into"),
])
def test_unusable_settings_are_named(settings, environ, complaint):
    with pytest.raises(ConfigError, match=complaint):
        load_config(settings, environ)


def test_the_runner_refuses_to_start_without_a_secret():
    env = {key: value for key, value in os.environ.items() if key != "NEWSLETTER_SECRET"}
    done = subprocess.run([sys.executable, "-m", "service_voices.newsletter_mail.service.runner", "--port", "9"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines()[-1] == (
        "ERROR: NEWSLETTER_SECRET is not set; export the same secret the sending tasks use")
    assert "Traceback" not in done.stderr
