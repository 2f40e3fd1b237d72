"""The footer sign-up form and the thank-you page, read from real builds."""

from __future__ import annotations

import shutil

import pytest
from support import ROOT, build_site, minimal_content

FOUNDATION = ["content_checks", "author_profiles", "site_feeds", "site_discovery"]
SERVICE_URL = "https://subscribe.voices.example/"


@pytest.fixture(scope="module")
def content(tmp_path_factory):
    root = minimal_content(tmp_path_factory.mktemp("signup-content") / "content")
    shutil.copy(ROOT / "content" / "pages" / "newsletter-thanks.md", root / "pages" / "newsletter-thanks.md")
    return root


@pytest.fixture(scope="module")
def with_service(tmp_path_factory, content):
    built = build_site(tmp_path_factory.mktemp("signup-on") / "output", content,
                       PLUGINS=FOUNDATION + ["newsletter_signup"], NEWSLETTER_SERVICE_URL=SERVICE_URL,
                       NEWSLETTER_SIGNUP_HEADING="Letters from the front line")
    assert built.ok, built.stderr
    return built


def test_every_page_has_the_form_posting_to_the_service(with_service):
    for page in ("index.html", "posts/hello/index.html", "newsletter-thanks/index.html"):
        soup = with_service.html(page)
        form = soup.select_one("footer .signup form")
        assert form is not None, page
        assert form["method"] == "post"
        assert form["action"] == "https://subscribe.voices.example/subscribe"
        assert soup.select_one("footer .signup h2").get_text() == "Letters from the front line"
        fields = {field["name"]: field for field in form.find_all("input")}
        assert set(fields) == {"email", "name", "website"}
        assert fields["email"]["type"] == "email" and fields["email"].has_attr("required")
        for field in fields.values():
            label = soup.find("label", attrs={"for": field["id"]})
            assert label is not None and label.get_text(strip=True), field["name"]
        assert soup.find("link", href=lambda href: href and href.endswith("/css/newsletter-signup.css"))


def test_the_thank_you_page_is_built_but_not_in_the_menu(with_service):
    soup = with_service.html("newsletter-thanks/index.html")
    assert soup.find("h1").get_text() == "Check your inbox"
    assert "confirm" in soup.select_one(".post__body").get_text()
    home_nav = [link["href"] for link in with_service.html("index.html").select("nav.site-nav a")]
    assert not any("newsletter-thanks" in href for href in home_nav)
    assert "NEWSLETTER_SIGNUP_THANKS_URL" not in with_service.stderr


def test_no_service_url_means_no_form(tmp_path, content):
    built = build_site(tmp_path / "output", content, PLUGINS=FOUNDATION + ["newsletter_signup"],
                       NEWSLETTER_SERVICE_URL="")
    assert built.ok, built.stderr
    assert built.html("index.html").select_one(".signup") is None


def test_plugin_off_means_no_form_and_no_stylesheet(tmp_path, content):
    built = build_site(tmp_path / "output", content, PLUGINS=FOUNDATION, NEWSLETTER_SERVICE_URL=SERVICE_URL)
    assert built.ok, built.stderr
    soup = built.html("index.html")
    assert soup.select_one(".signup") is None
    assert "newsletter-signup.css" not in built.text("index.html")


def test_a_missing_thank_you_page_is_warned_about(tmp_path):
    bare = minimal_content(tmp_path / "content")
    built = build_site(tmp_path / "output", bare, PLUGINS=FOUNDATION + ["newsletter_signup"],
                       NEWSLETTER_SERVICE_URL=SERVICE_URL)
    assert built.ok, built.stderr
    assert "WARNING: NEWSLETTER_SIGNUP_THANKS_URL: no page has the URL 'newsletter-thanks/'" in built.stderr


def test_a_plain_http_service_behind_an_https_site_is_warned_about(tmp_path, content):
    built = build_site(tmp_path / "output", content, PLUGINS=FOUNDATION + ["newsletter_signup"],
                       SITEURL="https://voices.example", NEWSLETTER_SERVICE_URL="http://subscribe.voices.example")
    assert built.ok, built.stderr
    assert "WARNING: NEWSLETTER_SERVICE_URL http://subscribe.voices.example is not https" in built.stderr
