from types import SimpleNamespace

from newsletter_signup.wiring import expose_settings
from support import add_thanks_page, build_site, minimal_content

FOUNDATION = ["content_checks", "author_profiles", "site_feeds", "site_discovery"]


def test_plugin_builds_a_site_without_complaint(tmp_path):
    content = minimal_content(tmp_path / "content")
    add_thanks_page(content)
    built = build_site(tmp_path / "output", content=content,
                       PLUGINS=FOUNDATION + ["newsletter_signup"])
    assert built.ok, built.stderr
    assert "WARNING" not in built.stderr and "ERROR" not in built.stderr
    assert built.html("index.html").find("main") is not None


def test_service_url_is_available_to_templates_by_default():
    pelican = SimpleNamespace(settings={})
    expose_settings(pelican)
    assert pelican.settings["NEWSLETTER_SERVICE_URL"] == ""
    configured = SimpleNamespace(settings={"NEWSLETTER_SERVICE_URL": "https://subscribe.example.com"})
    expose_settings(configured)
    assert configured.settings["NEWSLETTER_SERVICE_URL"] == "https://subscribe.example.com"
