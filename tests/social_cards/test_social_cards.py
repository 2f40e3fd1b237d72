"""Share images: a card per post, drawn once, linked from the post's social meta tags."""

import io
import os

import pytest
from PIL import Image
from social_cards import CARD_SIZE, card_key, render_card
from social_cards.settings import DEFAULTS
from support import build_site, minimal_content, write

FONTS = DEFAULTS["SOCIAL_CARDS_FONTS"]
POSTS = ["posts/making-it-stick/index.html", "posts/practitioner-interview-ana-ruiz/index.html",
         "posts/the-essential-customer-service-white-paper/index.html",
         "posts/customer-service-2-ownership/index.html"]
SITE = "http://127.0.0.1:8000/"
MAX_BYTES = 300 * 1024


def needs_fonts():
    if not all(os.path.isfile(path) for path in FONTS.values()):
        pytest.skip("the DejaVu fonts are missing: sudo apt-get install fonts-dejavu-core")


def meta(page, key: str) -> str | None:
    tag = page.find("meta", attrs={"property": key}) or page.find("meta", attrs={"name": key})
    return tag["content"] if tag else None


def test_a_card_is_a_small_1200_by_630_png():
    needs_fonts()
    data = render_card("A title that is long enough to need two lines on the card", "Jenny Park and Jeremy Cole",
                       "Service Voices", FONTS)
    image = Image.open(io.BytesIO(data))
    assert (image.format, image.size) == ("PNG", CARD_SIZE) and len(data) < MAX_BYTES
    # Not a blank rectangle: the text is drawn in more than one colour.
    assert len(image.convert("RGB").getcolors(maxcolors=4096) or []) > 3


def test_a_very_long_title_still_fits():
    needs_fonts()
    data = render_card("word " * 80, "", "Service Voices", FONTS)
    assert Image.open(io.BytesIO(data)).size == CARD_SIZE


def test_the_cache_name_follows_what_the_card_shows():
    one = card_key("Title", "Jenny Park", "Service Voices", FONTS)
    assert one == card_key("Title", "Jenny Park", "Service Voices", FONTS)
    assert len({one, card_key("Title 2", "Jenny Park", "Service Voices", FONTS),
                card_key("Title", "Jeremy Cole", "Service Voices", FONTS),
                card_key("Title", "Jenny Park", "Other Site", FONTS)}) == 4


def test_every_post_shares_its_card(sample_site):
    needs_fonts()
    for path in POSTS:
        page = sample_site.html(path)
        image = meta(page, "og:image")
        assert image and image == meta(page, "twitter:image"), path
        assert meta(page, "twitter:card") == "summary_large_image"
        assert (meta(page, "og:image:width"), meta(page, "og:image:height")) == ("1200", "630")
        title = page.find("meta", attrs={"property": "og:title"})["content"]
        assert meta(page, "og:image:alt").startswith(f"{title}, by ") and meta(page, "twitter:image:alt")
        card = sample_site.output / image.removeprefix(SITE)
        assert card.stat().st_size < MAX_BYTES
        assert Image.open(card).size == CARD_SIZE


def test_cards_are_drawn_once_and_again_when_the_title_changes(tmp_path):
    needs_fonts()
    content = minimal_content(tmp_path / "content")
    cache = tmp_path / "cache"
    first = build_site(tmp_path / "one", content, CACHE_PATH=str(cache))
    assert first.ok, first.stderr
    [drawn] = list((cache / "social_cards").glob("*.png"))
    stamp = drawn.stat().st_mtime_ns
    again = build_site(tmp_path / "two", content, CACHE_PATH=str(cache))
    assert again.ok and drawn.stat().st_mtime_ns == stamp, "an unchanged post reuses its card"
    assert (again.output / "images/cards/hello.png").read_bytes() == drawn.read_bytes()
    post = content / "posts" / "hello.md"
    post.write_text(post.read_text(encoding="utf-8").replace("Title: Hello", "Title: Hello again"), encoding="utf-8")
    third = build_site(tmp_path / "three", content, CACHE_PATH=str(cache))
    assert third.ok
    assert len(list((cache / "social_cards").glob("*.png"))) == 2
    assert (third.output / "images/cards/hello-again.png").read_bytes() != drawn.read_bytes()


def test_without_the_font_posts_get_no_card_and_one_warning(tmp_path):
    content = minimal_content(tmp_path / "content")
    write(content / "posts" / "second.md", "Title: Second\nDate: 2026-01-06\n\nText.\n")
    built = build_site(tmp_path / "out", content,
                       SOCIAL_CARDS_FONTS={"bold": "/nowhere/Bold.ttf", "regular": "/nowhere/Regular.ttf"})
    assert built.ok, built.stderr
    lines = [line for line in built.stderr.splitlines() if "/nowhere/" in line]
    assert lines == ["WARNING: /nowhere/Bold.ttf: social_cards needs this font (sudo apt-get install "
                     "fonts-dejavu-core); posts get no card image"]
    page = built.html("posts/hello/index.html")
    assert meta(page, "og:image") is None and meta(page, "twitter:card") == "summary"
    assert not (built.output / "images" / "cards").exists()
