from datetime import UTC, datetime
from xml.etree import ElementTree

from site_discovery import SitemapEntry, render_robots, render_sitemap
from support import build_site, minimal_content, write

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def sitemap_urls(path):
    return [loc.text for loc in ElementTree.parse(path).getroot().findall("s:url/s:loc", NS)]


def test_sample_sitemap_lists_posts_pages_and_archives(sample_site):
    urls = sitemap_urls(sample_site.output / "sitemap.xml")
    assert "http://127.0.0.1:8000/" in urls
    assert "http://127.0.0.1:8000/posts/making-it-stick/" in urls
    assert "http://127.0.0.1:8000/about/" in urls
    assert "http://127.0.0.1:8000/authors/jenny-park/" in urls
    assert len(urls) == len(set(urls))


def test_robots_points_at_the_sitemap(sample_site):
    robots = sample_site.text("robots.txt")
    assert "User-agent: *" in robots
    assert "Sitemap: http://127.0.0.1:8000/sitemap.xml" in robots


def test_drafts_and_hidden_posts_stay_out_of_the_sitemap(tmp_path):
    content = minimal_content(tmp_path / "content")
    write(content / "posts" / "secret.md", "Title: Secret\nDate: 2026-01-02\nStatus: draft\n\nNot yet.\n")
    write(content / "posts" / "quiet.md", "Title: Quiet\nDate: 2026-01-03\nStatus: hidden\n\nUnlisted.\n")
    built = build_site(tmp_path / "out", content, PLUGINS=["site_discovery"])
    assert built.ok, built.stderr
    urls = " ".join(sitemap_urls(built.output / "sitemap.xml"))
    assert "/posts/hello/" in urls
    assert "secret" not in urls and "quiet" not in urls


def test_render_sitemap_escapes_and_dedupes():
    when = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    xml = render_sitemap([SitemapEntry("https://x.example/a?b=1&c=2", when), SitemapEntry("https://x.example/a?b=1&c=2")])
    root = ElementTree.fromstring(xml)
    assert [u.text for u in root.findall("s:url/s:loc", NS)] == ["https://x.example/a?b=1&c=2"]
    assert root.find("s:url/s:lastmod", NS).text == "2026-03-01T12:00:00+00:00"


def test_render_robots_lists_disallowed_paths():
    text = render_robots("https://x.example/sitemap.xml", ["/drafts/"])
    assert "Disallow: /drafts/" in text.splitlines()


def test_plugin_pages_are_in_the_sitemap(sample_site):
    urls = sitemap_urls(sample_site.output / "sitemap.xml")
    for expected in ["series/", "series/customer-service-basics/", "newsletter/", "newsletter/november-2026/"]:
        assert f"http://127.0.0.1:8000/{expected}" in urls
