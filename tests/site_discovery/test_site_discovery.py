import subprocess
import textwrap
from datetime import UTC, datetime
from types import SimpleNamespace
from xml.etree import ElementTree

import pytest
from site_discovery import SitemapEntry, render_robots, render_sitemap, sitemap_entry
from support import PYTHON, ROOT, build_site, minimal_content, write

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
SITE = "http://127.0.0.1:8000"


def sitemap_urls(path):
    return [loc.text for loc in ElementTree.parse(path).getroot().findall("s:url/s:loc", NS)]


def configured_plugins():
    namespace = {}
    exec((ROOT / "pelicanconf.py").read_text(encoding="utf-8"), namespace)
    return list(namespace["PLUGINS"])


def served_file(output, path):
    """The file a static server answers with for a site path."""
    return output / (path + "index.html" if path == "" or path.endswith("/") else path)


def assert_every_url_is_a_written_page(output, urls):
    """What a crawler following the sitemap would find: each address serves an HTML page."""
    assert urls and len(urls) == len(set(urls))
    for url in urls:
        assert url.startswith(f"{SITE}/"), url
        file = served_file(output, url[len(SITE) + 1:])
        assert file.is_file(), f"{url} is listed but {file} was not written"
        assert file.suffix == ".html"


def valid_sitemap_urls(built):
    """The sitemap of a successful build, after checking it as a crawler would."""
    assert built.ok, built.stderr
    urls = sitemap_urls(built.output / "sitemap.xml")
    assert_every_url_is_a_written_page(built.output, urls)
    return urls


@pytest.mark.slow
def test_sample_sitemap_lists_posts_pages_and_archives(sample_site):
    urls = sitemap_urls(sample_site.output / "sitemap.xml")
    assert "http://127.0.0.1:8000/" in urls
    assert "http://127.0.0.1:8000/posts/making-it-stick/" in urls
    assert "http://127.0.0.1:8000/about/" in urls
    assert "http://127.0.0.1:8000/authors/jenny-park/" in urls
    assert len(urls) == len(set(urls))


@pytest.mark.slow
def test_robots_points_at_the_sitemap(sample_site):
    robots = sample_site.text("robots.txt")
    assert "User-agent: *" in robots
    assert "Sitemap: http://127.0.0.1:8000/sitemap.xml" in robots


@pytest.mark.slow
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


@pytest.mark.slow
def test_plugin_pages_are_in_the_sitemap(sample_site):
    urls = sitemap_urls(sample_site.output / "sitemap.xml")
    for expected in ["series/", "series/customer-service-basics/", "newsletter/", "newsletter/november-2026/"]:
        assert f"http://127.0.0.1:8000/{expected}" in urls


@pytest.mark.slow
def test_sample_sitemap_lists_only_written_html_pages_a_crawler_may_index(sample_site):
    urls = sitemap_urls(sample_site.output / "sitemap.xml")
    assert_every_url_is_a_written_page(sample_site.output, urls)
    # Written, but not for the sitemap: a hidden page, the 404, later pages of a list,
    # site-wide lists, feeds and other files.
    assert (sample_site.output / "newsletter-thanks" / "index.html").is_file()
    for left_out in ["newsletter-thanks/", "404.html", "page/2/", "categories/craft/page/2/", "archives/", "tags/",
                     "feeds/all.atom.xml", "newsletter/november-2026/email.html", "robots.txt"]:
        assert served_file(sample_site.output, left_out).is_file(), left_out
        assert f"{SITE}/{left_out}" not in urls, left_out


@pytest.mark.slow
def test_a_plugin_page_is_listed_without_the_plugin_telling_the_sitemap(tmp_path):
    # A plugin that only writes a page through Pelican's writer, as series and newsletter do.
    write(tmp_path / "plugins" / "colophon" / "__init__.py", """
        from pelican import signals
        from pelican.generators import Generator


        class ColophonGenerator(Generator):
            def generate_output(self, writer):
                writer.write_file("colophon/index.html", self.get_template("page"), self.context,
                                  page=None, url="colophon/")


        def colophon_generator(pelican):
            return ColophonGenerator


        def register():
            signals.get_generators.connect(colophon_generator)
        """)
    content = minimal_content(tmp_path / "content")
    built = build_site(tmp_path / "out", content, PLUGIN_PATHS=[str(ROOT / "plugins"), str(tmp_path / "plugins")],
                       PLUGINS=["site_discovery", "colophon"])
    assert f"{SITE}/colophon/" in valid_sitemap_urls(built)


@pytest.mark.slow
def test_with_series_off_the_sitemap_is_still_valid_and_lists_the_rest(tmp_path):
    plugins = [name for name in configured_plugins() if name != "series"]
    built = build_site(tmp_path / "out", PLUGINS=plugins, WHITEPAPER_PDF=False)
    urls = valid_sitemap_urls(built)
    assert not any("/series/" in url for url in urls)
    for expected in ["", "posts/customer-service-1-listening/", "about/", "newsletter/", "newsletter/november-2026/"]:
        assert f"{SITE}/{expected}" in urls, expected


@pytest.mark.slow
def test_with_relative_urls_the_sitemap_still_gives_absolute_addresses(tmp_path):
    content = minimal_content(tmp_path / "content")
    built = build_site(tmp_path / "out", content, PLUGINS=["site_discovery"], RELATIVE_URLS=True)
    assert f"{SITE}/posts/hello/" in valid_sitemap_urls(built)


@pytest.mark.slow
def test_a_second_build_in_the_same_process_lists_only_its_own_pages(tmp_path):
    # Pelican's own live reload runs one Pelican object again and again.
    content = minimal_content(tmp_path / "content")
    write(content / "posts" / "second.md", "Title: Second\nDate: 2026-01-06\nAuthors: Jenny Park\nCategory: Craft\n\n"
                                             "Another post.\n")
    output = tmp_path / "out"
    script = textwrap.dedent(f"""
        import os, shutil
        from pelican import Pelican
        from pelican.settings import read_settings
        settings = read_settings("pelicanconf.py", override={{
            "PATH": {str(content)!r}, "OUTPUT_PATH": {str(output)!r}, "PLUGINS": ["site_discovery"],
            "DELETE_OUTPUT_DIRECTORY": True, "CACHE_PATH": {str(tmp_path / "cache")!r}}})
        pelican = Pelican(settings)
        pelican.run()
        shutil.copy(os.path.join({str(output)!r}, "sitemap.xml"), {str(tmp_path / "first.xml")!r})
        os.remove({str(content / "posts" / "second.md")!r})
        pelican.run()
        """)
    done = subprocess.run([PYTHON, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    first = sitemap_urls(tmp_path / "first.xml")
    second = sitemap_urls(output / "sitemap.xml")
    assert f"{SITE}/posts/second/" in first
    assert f"{SITE}/posts/second/" not in second
    assert f"{SITE}/posts/hello/" in second
    assert len(second) == len(set(second)) == len(first) - 1


def _post(status, url="posts/a/", date=datetime(2026, 1, 2, tzinfo=UTC)):
    return SimpleNamespace(status=status, url=url, date=date)


def test_sitemap_entry_lists_published_items_and_first_pages_only():
    published = sitemap_entry("posts/a/index.html", {"article": _post("published"), "blog": True}, SITE, "index.html")
    assert published == SitemapEntry(f"{SITE}/posts/a/", datetime(2026, 1, 2, tzinfo=UTC))
    for status in ("draft", "hidden"):
        assert sitemap_entry("x/index.html", {"article": _post(status)}, SITE, "index.html") is None
        assert sitemap_entry("x/index.html", {"page": _post(status)}, SITE, "index.html") is None
    tag = SimpleNamespace(url="tags/tone/")
    posts = [_post("published", date=datetime(2026, 3, day, tzinfo=UTC)) for day in (1, 9, 4)]
    first = {"tag": tag, "articles": posts, "articles_page": SimpleNamespace(number=1), "blog": True}
    assert sitemap_entry("tags/tone/index.html", first, SITE, "index.html") == SitemapEntry(
        f"{SITE}/tags/tone/", datetime(2026, 3, 9, tzinfo=UTC))
    later = dict(first, articles_page=SimpleNamespace(number=2))
    assert sitemap_entry("tags/tone/page/2/index.html", later, SITE, "index.html") is None


def test_sitemap_entry_keeps_the_home_page_of_pelicans_lists_and_every_plugin_page():
    assert sitemap_entry("index.html", {"blog": True}, SITE + "/", "index.html") == SitemapEntry(f"{SITE}/")
    for other in ("archives/index.html", "404.html", "tags/index.html"):
        assert sitemap_entry(other, {"blog": True}, SITE, "index.html") is None
    assert sitemap_entry("series/x/index.html", {}, SITE, "index.html") == SitemapEntry(f"{SITE}/series/x/")
    assert sitemap_entry("extra/colophon.html", {}, SITE, "index.html") == SitemapEntry(f"{SITE}/extra/colophon.html")
    assert sitemap_entry("feeds/all.atom.xml", {}, SITE, "index.html") is None
