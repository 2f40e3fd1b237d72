"""reading_aids in a full build of the sample site, read like a reader would."""

from __future__ import annotations

import re
from urllib.parse import urljoin

import pytest
from support import build_site

LONG_POST = "posts/why-we-stopped-measuring-handle-time/index.html"
SHORT_POST = "posts/the-first-reply-sets-the-tone/index.html"
FOUNDATION_PLUGINS = ["content_checks", "author_profiles", "site_feeds", "site_discovery"]
PAGE_BUDGET = 60 * 1024


def post_pages(site):
    return sorted((site.output / "posts").glob("*/index.html"))


def test_every_post_shows_its_reading_time(sample_site):
    for page in post_pages(sample_site):
        soup = sample_site.html(page.relative_to(sample_site.output).as_posix())
        shown = soup.select_one(".post__header .reading-time")
        assert shown is not None, f"{page} has no reading time"
        assert re.fullmatch(r"[1-9]\d* min read", shown.get_text(strip=True)), shown


def test_a_long_post_has_contents_linking_to_its_sections(sample_site):
    soup = sample_site.html(LONG_POST)
    toc = soup.select_one("nav.toc")
    assert toc is not None
    targets = [link["href"] for link in toc.select("a")]
    assert len(targets) >= 3
    body_ids = {tag["id"] for tag in soup.select(".post__body [id]")}
    assert all(target.startswith("#") and target[1:] in body_ids for target in targets)
    # The contents come before the text they index.
    assert str(soup).index('class="toc"') < str(soup).index('class="post__body"')


def test_a_short_post_has_no_contents(sample_site):
    assert sample_site.html(SHORT_POST).select_one("nav.toc") is None


def test_previous_and_next_follow_the_archive_order(sample_site):
    archive = sample_site.html("archives/index.html")
    # The archives list newest first; previous means older.
    ordered = [link["href"] for link in archive.select(".archive-list a")][::-1]
    assert len(ordered) >= 3
    middle = ordered[1]
    path = middle.split("://", 1)[1].split("/", 1)[1] + "index.html"
    nav = sample_site.html(path).select_one("nav.post-nav")
    assert nav.select_one('a[rel="prev"]')["href"] == ordered[0]
    assert nav.select_one('a[rel="next"]')["href"] == ordered[2]
    oldest = ordered[0].split("://", 1)[1].split("/", 1)[1] + "index.html"
    assert sample_site.html(oldest).select_one('nav.post-nav a[rel="prev"]') is None


def test_related_posts_share_a_tag(sample_site):
    soup = sample_site.html(LONG_POST)
    own_tags = {link.get_text() for link in soup.select('.tags a[rel="tag"]')}
    related = soup.select(".related__list a")
    assert related, "the long post shares tags with others, so it lists related posts"
    for link in related:
        path = link["href"].split("://", 1)[1].split("/", 1)[1] + "index.html"
        their_tags = {tag.get_text() for tag in sample_site.html(path).select('.tags a[rel="tag"]')}
        assert own_tags & their_tags, f"{link['href']} shares no tag"


def test_share_links_are_plain_links(sample_site):
    soup = sample_site.html(LONG_POST)
    share = soup.select(".share a")
    assert {link.get_text() for link in share} >= {"Email", "LinkedIn"}
    assert all("why-we-stopped-measuring-handle-time" in link["href"] for link in share)
    # No script from anywhere but this site.
    site_url = soup.find("link", rel="canonical")["href"].split("/posts/")[0]
    for tag in soup.find_all(["script", "link", "img", "iframe"]):
        source = tag.get("src") or (tag.get("href") if tag.name == "link" and "stylesheet" in tag.get("rel", []) else None)
        # This site's address, or a path relative to the page (the stylesheet is linked so).
        assert not source or source.startswith(site_url) or "://" not in source, source


def test_images_in_posts_are_lazy_and_sized(sample_site):
    images = [(page.parent.name, img) for page in post_pages(sample_site)
              for img in sample_site.html(page.relative_to(sample_site.output).as_posix()).select(".post__body img")]
    assert images, "the sample posts include at least one image"
    problems = [f"{name}: {img}" for name, img in images if not (
        img.get("loading") == "lazy" and img.get("width", "").isdigit() and img.get("height", "").isdigit())]
    assert problems == [], "images not lazy-loaded with width and height:\n" + "\n".join(problems)


def test_each_post_page_with_its_css_stays_under_60_kb(sample_site):
    for page in post_pages(sample_site):
        soup = sample_site.html(page.relative_to(sample_site.output).as_posix())
        size = page.stat().st_size
        for sheet in soup.select('link[rel="stylesheet"]'):
            served = urljoin(f"http://site.invalid/{page.relative_to(sample_site.output).as_posix()}", sheet["href"])
            local = sample_site.output / served.split("://", 1)[1].split("/", 1)[1]
            size += local.stat().st_size
        assert size < PAGE_BUDGET, f"{page.parent.name}: {size} bytes of HTML and CSS"


@pytest.fixture(scope="module")
def foundation_only(tmp_path_factory):
    built = build_site(tmp_path_factory.mktemp("aids-off") / "output", PLUGINS=FOUNDATION_PLUGINS)
    assert built.ok, built.stderr
    return built


def test_the_theme_renders_without_reading_aids_and_search(foundation_only):
    soup = foundation_only.html(LONG_POST)
    assert soup.select_one("h1").get_text() == "Why We Stopped Measuring Handle Time"
    assert soup.select_one(".reading-time") is None
    assert soup.select_one("nav.toc") is None
    assert soup.select_one("nav.post-nav") is None
    assert soup.select_one(".share") is not None
    assert not (foundation_only.output / "search").exists()
    assert not (foundation_only.output / "pagefind").exists()
    assert not any(link.get_text() == "Search" for link in soup.select(".site-nav a"))
