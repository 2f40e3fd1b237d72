"""The sample site, built for real, read as a browser would read it."""

from support import ROOT


def test_every_kind_of_page_is_written(sample_site):
    for relative in [
        "index.html", "404.html", "archives/index.html", "authors/index.html", "tags/index.html",
        "categories/index.html", "about/index.html", "authors/jenny-park/index.html",
        "categories/craft/index.html", "posts/the-first-reply-sets-the-tone/index.html",
    ]:
        assert (sample_site.output / relative).is_file(), relative


def test_pages_share_the_base_template_landmarks(sample_site):
    for relative in ["index.html", "posts/making-it-stick/index.html", "about/index.html", "404.html"]:
        page = sample_site.html(relative)
        assert page.html["lang"] == "en"
        assert page.find("a", class_="skip-link")["href"] == "#main"
        assert page.find("header") and page.find("nav") and page.find("footer")
        assert page.find("main", id="main")
        assert page.find("meta", attrs={"name": "viewport"})


def test_co_authored_post_names_every_author_in_the_byline(sample_site):
    page = sample_site.html("posts/writing-macros-that-dont-sound-like-macros/index.html")
    byline = page.find(class_="byline")
    names = [a.get_text() for a in byline.find_all("a", rel="author")]
    assert names == ["Jeremy Cole", "Lee Okafor"]
    assert " and " in byline.get_text()
    assert byline.find("time")["datetime"].startswith("2026-")


def test_canonical_link_is_absolute_and_points_at_the_page(sample_site):
    page = sample_site.html("posts/the-first-reply-sets-the-tone/index.html")
    canonical = page.find("link", rel="canonical")["href"]
    assert canonical == "http://127.0.0.1:8000/posts/the-first-reply-sets-the-tone/"


def test_home_page_paginates_all_posts(sample_site):
    first = sample_site.html("index.html")
    cards = first.select("article.card")
    published = len(list((ROOT / "content" / "posts").glob("*.md")))
    assert len(cards) == 8  # DEFAULT_PAGINATION
    assert first.find("a", rel="next")["href"].endswith("/page/2/")
    second = sample_site.html("page/2/index.html")
    assert len(cards) + len(second.select("article.card")) >= min(published, 16)
    assert second.find("a", rel="prev")


def test_author_page_shows_bio_photo_and_posts(sample_site):
    page = sample_site.html("authors/jenny-park/index.html")
    photo = page.find("img", class_="author-intro__photo")
    assert photo["src"].endswith("images/authors/jenny-park.svg")
    assert photo["alt"] and photo["width"] and photo["height"]
    assert (sample_site.output / "images" / "authors" / "jenny-park.svg").is_file()
    assert page.find(class_="author-intro__role").get_text(strip=True)
    assert len(page.find(class_="author-intro__bio").get_text(strip=True)) > 80
    assert page.select("article.card")


def test_no_javascript_is_needed_to_read_a_post(sample_site):
    page = sample_site.html("posts/the-first-reply-sets-the-tone/index.html")
    body = page.find("div", class_="post__body")
    assert len(body.get_text(strip=True)) > 500
    assert not page.find("noscript")
