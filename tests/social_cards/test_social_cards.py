"""Share images: a card per post, drawn once, linked from the post's social meta tags."""

import io
import json
import os
import subprocess
import textwrap

import pytest
from PIL import Image, ImageChops
from social_cards import CARD_SIZE, card_key, render_card
from social_cards.card import ACCENT, BACKGROUND, MARGIN, QUIET_COLOUR, TITLE_COLOUR
from social_cards.settings import DEFAULTS
from support import PYTHON, ROOT, build_site, minimal_content, write

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
    Image.open(io.BytesIO(data)).verify()  # every chunk's checksum
    image = Image.open(io.BytesIO(data))
    assert (image.format, image.size) == ("PNG", CARD_SIZE) and len(data) < MAX_BYTES
    # Not a blank rectangle: the text is drawn in more than one colour.
    assert len(image.convert("RGB").getcolors(maxcolors=4096) or []) > 3


def card_image(title: str, byline: str) -> Image.Image:
    return Image.open(io.BytesIO(render_card(title, byline, "Service Voices", FONTS)))


def inked_box(image: Image.Image) -> tuple[int, int, int, int]:
    """Where anything but the background is drawn."""
    rgb = image.convert("RGB")
    return ImageChops.difference(rgb, Image.new("RGB", rgb.size, BACKGROUND)).getbbox()


def test_a_card_is_a_palette_image_in_the_site_colours():
    needs_fonts()
    image = card_image("Making it stick: a year of listening", "Jenny Park and Jeremy Cole")
    assert image.mode == "P", "a palette image, a fraction of the size of a full-colour one"
    rgb = image.convert("RGB")
    colours = {colour for _count, colour in rgb.getcolors(maxcolors=256)}
    # The background, the site's name and bar, the title and the byline, each at full strength...
    assert {BACKGROUND, ACCENT, TITLE_COLOUR, QUIET_COLOUR} <= colours
    # ...and the steps between them that smooth the letters' edges.
    assert len(colours) > 40
    assert rgb.getpixel((5, 5)) == BACKGROUND
    assert rgb.getpixel((MARGIN + 20, MARGIN + 4)) == ACCENT


def test_a_very_long_title_is_cut_short_within_the_margins():
    needs_fonts()
    long_title = card_image("word " * 80, "")
    assert long_title.size == CARD_SIZE
    # Past four lines the title ends in an ellipsis, so more words change nothing.
    assert long_title.tobytes() == card_image("word " * 120, "").tobytes()
    left, top, right, bottom = inked_box(long_title)
    assert left >= MARGIN and top >= MARGIN and right <= CARD_SIZE[0] - MARGIN and bottom <= CARD_SIZE[1] - MARGIN


def test_a_long_byline_is_cut_short_within_the_margins():
    needs_fonts()
    names = " and ".join(f"Author Number{index}" for index in range(30))
    left, top, right, bottom = inked_box(card_image("Short", names))
    assert right <= CARD_SIZE[0] - MARGIN and bottom <= CARD_SIZE[1] - MARGIN
    assert card_image("Short", names).tobytes() != card_image("Short", "Author Number0").tobytes()


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
    assert [path.name for path in (cache / "social_cards").iterdir()] == [drawn.name], "no half-written card"
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


def test_a_card_that_cannot_be_drawn_is_one_error_naming_the_post(tmp_path):
    content = minimal_content(tmp_path / "content")
    not_a_font = write(tmp_path / "fonts" / "Bold.ttf", "not a font\n")
    built = build_site(tmp_path / "out", content, SOCIAL_CARDS_FONTS={"bold": str(not_a_font),
                                                                      "regular": str(not_a_font)})
    assert not built.ok
    lines = [line for line in built.stderr.splitlines() if "social_cards" in line]
    assert lines == ["ERROR: content/posts/hello.md: social_cards cannot draw the card (OSError: unknown file format)"]
    assert "Traceback" not in built.stderr


def test_several_builds_in_one_process_each_draw_their_own_cards(tmp_path):
    # invoke serve builds again and again in one process.
    needs_fonts()
    content = minimal_content(tmp_path / "content")
    output = tmp_path / "out"
    post = content / "posts" / "hello.md"
    script = textwrap.dedent(f"""
        import json, pathlib
        from service_voices.site.build import build
        output = pathlib.Path({str(output)!r})
        overrides = {{"PATH": {str(content)!r}, "PLUGINS": ["social_cards"], "CACHE_PATH": {str(tmp_path / "cache")!r}}}
        first = build("pelicanconf.py", output, overrides)
        card = (output / "images/cards/hello.png").read_bytes()
        post = pathlib.Path({str(post)!r})
        post.write_text(post.read_text(encoding="utf-8").replace("Title: Hello", "Title: Hello again"), encoding="utf-8")
        second = build("pelicanconf.py", output, overrides)
        print(json.dumps({{"ok": [first.ok, second.ok], "first": card.hex(),
                          "cards": sorted(path.name for path in (output / "images/cards").iterdir())}}))
        """)
    done = subprocess.run([PYTHON, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["ok"] == [True, True], done.stderr
    assert report["cards"] == ["hello-again.png"]
    first, second = bytes.fromhex(report["first"]), (output / "images/cards/hello-again.png").read_bytes()
    assert first != second
    assert Image.open(io.BytesIO(first)).size == Image.open(io.BytesIO(second)).size == CARD_SIZE


def few_posts(content, count: int):
    for number in range(count):
        write(content / "posts" / f"post-{number}.md",
              f"Title: Post number {number}\nDate: 2026-02-{number + 1:02d}\nAuthors: Jenny Park\n\nText {number}.\n")


def test_cards_drawn_by_a_second_process_are_those_drawn_at_once(tmp_path):
    needs_fonts()
    content = minimal_content(tmp_path / "content")
    few_posts(content, 4)
    aside = build_site(tmp_path / "aside", content, CACHE_PATH=str(tmp_path / "cache-aside"),
                       SOCIAL_CARDS_SECOND_PROCESS_FROM=1)
    here = build_site(tmp_path / "here", content, CACHE_PATH=str(tmp_path / "cache-here"),
                      SOCIAL_CARDS_SECOND_PROCESS_FROM=0)
    assert aside.ok and here.ok, aside.stderr + here.stderr
    cards = sorted(path.name for path in (aside.output / "images/cards").iterdir())
    assert cards == sorted(path.name for path in (here.output / "images/cards").iterdir())
    assert len(cards) == 5
    for name in cards:
        assert (aside.output / "images/cards" / name).read_bytes() == (here.output / "images/cards" / name).read_bytes()
    # Every card is whole in the cache: nothing half-written is left by the second process.
    assert sorted(path.suffix for path in (tmp_path / "cache-aside/social_cards").iterdir()) == [".png"] * 5


def test_cards_the_second_process_cannot_draw_are_one_error_each(tmp_path):
    content = minimal_content(tmp_path / "content")
    few_posts(content, 2)
    not_a_font = write(tmp_path / "fonts" / "Bold.ttf", "not a font\n")
    built = build_site(tmp_path / "out", content, SOCIAL_CARDS_SECOND_PROCESS_FROM=1,
                       SOCIAL_CARDS_FONTS={"bold": str(not_a_font), "regular": str(not_a_font)})
    assert not built.ok
    lines = sorted(line for line in built.stderr.splitlines() if "social_cards" in line)
    assert lines == [f"ERROR: content/posts/{name}.md: social_cards cannot draw the card (OSError: unknown file format)"
                     for name in ("hello", "post-0", "post-1")]
    assert "Traceback" not in built.stderr


def test_a_second_process_reports_each_card_it_could_not_draw_by_position(tmp_path):
    # No Pelican here: the drawing object as the plugin uses it, with one card that
    # cannot be written (its folder does not exist) among cards that can.
    needs_fonts()
    from social_cards.drawing import DrawingAside

    jobs = [(str(tmp_path / f"card-{number}.png"), f"Title {number}", "Jenny Park") for number in range(6)]
    jobs[4] = (str(tmp_path / "missing" / "card.png"), "Title", "Jenny Park")
    drawing = DrawingAside(jobs, "Service Voices", FONTS, scratch=str(tmp_path))
    [(position, problem)] = drawing.problems()
    assert position == 4 and problem.startswith("FileNotFoundError")
    assert sorted(path.name for path in tmp_path.iterdir()) == [f"card-{n}.png" for n in (0, 1, 2, 3, 5)]
    assert (tmp_path / "card-0.png").read_bytes() == render_card("Title 0", "Jenny Park", "Service Voices", FONTS)


def test_cards_a_killed_second_process_left_undone_are_drawn_by_the_build(tmp_path):
    needs_fonts()
    from social_cards.drawing import DrawingAside

    jobs = [(str(tmp_path / f"card-{number}.png"), f"Title {number}", "") for number in range(40)]
    drawing = DrawingAside(jobs, "Service Voices", FONTS, scratch=str(tmp_path))
    drawing._process.kill()  # as the kernel would when memory runs out
    assert drawing.problems() == []
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(f"card-{n}.png" for n in range(40))
    assert (tmp_path / "card-39.png").read_bytes() == render_card("Title 39", "", "Service Voices", FONTS)


def test_cards_are_drawn_by_the_build_when_the_job_list_cannot_be_written(tmp_path):
    needs_fonts()
    from social_cards.drawing import DrawingAside

    not_a_folder = write(tmp_path / "scratch", "a file where the list would go\n")
    jobs = [(str(tmp_path / f"card-{number}.png"), f"Title {number}", "Ana Ruiz") for number in range(3)]
    assert DrawingAside(jobs, "Service Voices", FONTS, scratch=str(not_a_folder)).problems() == []
    assert sorted(path.name for path in tmp_path.glob("card-*.png")) == [f"card-{n}.png" for n in range(3)]
