"""A post's own picture: resized at build time into several widths, cached, shown in
lists and on the post with width and height set, and shared instead of a drawn card."""

import io

from feature_images import rendition_widths, resize
from PIL import Image
from support import build_site, minimal_content, write

POST = "posts/why-we-stopped-measuring-handle-time/index.html"
SITE = "http://127.0.0.1:8000/"


def jpeg(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (30, 90, 160)).save(out, format="JPEG")
    return out.getvalue()


def test_widths_never_enlarge():
    assert rendition_widths(1600, [480, 800, 1200]) == [480, 800, 1200]
    assert rendition_widths(1000, [480, 800, 1200]) == [480, 800, 1000]
    assert rendition_widths(300, [480, 800, 1200]) == [300]


def test_resize_keeps_the_aspect_ratio_and_format():
    data, ext, height = resize(jpeg(1600, 900), 800, 80)
    image = Image.open(io.BytesIO(data))
    assert (ext, image.format, image.size, height) == ("jpg", "JPEG", (800, 450), 450)


def test_the_post_shows_its_picture_in_every_width(sample_site):
    img = sample_site.html(POST).select_one("header img.post__image")
    assert img["alt"].startswith("An illustration of a queue of support tickets")
    assert (img["width"], img["height"]) == ("1200", "675") and img["fetchpriority"] == "high"
    candidates = [part.strip().split(" ") for part in img["srcset"].split(",")]
    assert [width for _, width in candidates] == ["480w", "800w", "1200w"]
    for url, width in candidates:
        with Image.open(sample_site.output / url.removeprefix(SITE)) as picture:
            assert picture.width == int(width[:-1]) and abs(picture.height - picture.width * 9 / 16) <= 1
    assert img["src"] == candidates[-1][0]


def test_lists_show_the_picture_lazily_and_shares_use_it(sample_site):
    cards = [card for page in ("index.html", "page/2/index.html") for card in sample_site.html(page).select("article.card")
             if card.h2.get_text() == "Why We Stopped Measuring Handle Time"]
    [card] = cards
    image = card.select_one("img.card__image")
    assert image["loading"] == "lazy" and image["width"] == "1200" and image["height"] == "675"
    page = sample_site.html(POST)
    og = page.find("meta", attrs={"property": "og:image"})["content"]
    assert og == f"{SITE}images/feature/quiet-queue-1200.jpg"
    assert page.find("meta", attrs={"name": "twitter:card"})["content"] == "summary_large_image"
    assert not (sample_site.output / "images/cards/why-we-stopped-measuring-handle-time.png").exists()


def test_renditions_are_cached_and_problems_are_one_line_each(tmp_path):
    content = minimal_content(tmp_path / "content")
    (content / "images").mkdir()
    (content / "images" / "wide.jpg").write_bytes(jpeg(1000, 500))
    write(content / "posts" / "pictured.md", """
        Title: Pictured
        Date: 2026-01-07
        Image: images/wide.jpg
        Image_alt: A flat blue picture

        Text.
        """)
    write(content / "posts" / "broken.md", """
        Title: Broken
        Date: 2026-01-08
        Image: images/nowhere.jpg

        Text.
        """)
    write(content / "posts" / "unlabelled.md", """
        Title: Unlabelled
        Date: 2026-01-09
        Image: {static}/images/wide.jpg

        Text.
        """)
    cache = tmp_path / "cache"
    built = build_site(tmp_path / "one", content, CACHE_PATH=str(cache))
    assert built.ok, built.stderr
    warnings = sorted(line for line in built.stderr.splitlines() if "Image" in line)
    assert warnings == [
        "WARNING: content/posts/broken.md:3: Image 'images/nowhere.jpg' does not exist; the post goes without it",
        "WARNING: content/posts/unlabelled.md:3: Image has no Image_alt: line; describe the picture for readers "
        "who cannot see it",
    ]
    assert built.html("posts/broken/index.html").select_one("img.post__image") is None
    made = sorted((cache / "feature_images").glob("*.jpg"))
    assert [name.name.split("-", 1)[1] for name in made] == ["1000x500.jpg", "480x240.jpg", "800x400.jpg"]
    stamps = [path.stat().st_mtime_ns for path in made]
    again = build_site(tmp_path / "two", content, CACHE_PATH=str(cache))
    assert again.ok and [path.stat().st_mtime_ns for path in made] == stamps, "nothing resized twice"
    assert (again.output / "images/feature/wide-800.jpg").read_bytes() == made[2].read_bytes()
