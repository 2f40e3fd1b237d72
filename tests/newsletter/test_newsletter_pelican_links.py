"""Issues are read through Pelican's readers, so their file links work as in posts."""

import email
import email.policy

import pytest
from support import build_site, minimal_content, tiny_png, write

pytestmark = pytest.mark.slow
SITE = "http://127.0.0.1:8000"
FOUNDATION = ["content_checks", "author_profiles", "site_feeds", "site_discovery"]


@pytest.fixture(scope="module")
def linked(tmp_path_factory):
    root = tmp_path_factory.mktemp("linked")
    content = minimal_content(root / "content")
    write(content / "posts" / "hello.md", """
        Title: Hello
        Date: 2026-01-05 09:00
        Authors: Jenny Park
        Category: Craft

        A plain first post.

        ## Part two

        More. The [June issue]({filename}/newsletter/june.md) links back here.
        """)
    (content / "images").mkdir()
    (content / "images" / "chart.png").write_bytes(tiny_png(1200, 300))
    # Outside STATIC_PATHS, next to the issue: copied only because the issue links it.
    (content / "newsletter" / "maps").mkdir(parents=True)
    (content / "newsletter" / "maps" / "route.png").write_bytes(tiny_png(200, 100))
    (content / "newsletter" / "agenda.txt").write_text("9:00 coffee\n", encoding="utf-8")
    write(content / "newsletter" / "june.md", """
        Title: June
        Date: 2026-06-01
        Slug: june-2026

        Read [part two of Hello]({filename}/posts/hello.md#part-two) first.

        ![A bar chart of replies per day]({static}/images/chart.png)

        ![The route to the meet-up]({static}maps/route.png)

        The [agenda]({attach}agenda.txt), a [lost image]({static}/images/gone.png) and
        a [lost post]({filename}/posts/gone.md).
        """)
    built = build_site(root / "output", content=content, PLUGINS=FOUNDATION + ["newsletter"])
    assert built.ok, built.stderr
    return built


def test_filename_and_static_links_become_absolute_site_addresses(linked):
    for page in ("newsletter/june-2026/email.html", "newsletter/june-2026/index.html"):
        soup = linked.html(page)
        assert soup.find("a", string="part two of Hello")["href"] == f"{SITE}/posts/hello/#part-two", page
        assert soup.find("img", alt="A bar chart of replies per day")["src"] == f"{SITE}/images/chart.png", page
        assert soup.find("img", alt="The route to the meet-up")["src"] == f"{SITE}/newsletter/maps/route.png", page


def test_linked_files_are_copied_and_an_attached_file_moves_next_to_the_issue(linked):
    assert (linked.output / "images" / "chart.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (linked.output / "newsletter" / "maps" / "route.png").is_file()
    assert (linked.output / "newsletter" / "june-2026" / "agenda.txt").read_text(encoding="utf-8") == "9:00 coffee\n"
    agenda = linked.html("newsletter/june-2026/email.html").find("a", string="agenda")
    assert agenda["href"] == f"{SITE}/newsletter/june-2026/agenda.txt"


def test_email_images_get_their_size_from_the_linked_file(linked):
    soup = linked.html("newsletter/june-2026/email.html")
    chart = soup.find("img", alt="A bar chart of replies per day")
    assert (chart["width"], chart["height"]) == ("560", "140")
    route = soup.find("img", alt="The route to the meet-up")
    assert (route["width"], route["height"]) == ("200", "100")


def test_the_text_part_writes_the_resolved_addresses_out(linked):
    message = email.message_from_bytes((linked.output / "newsletter/june-2026/message.eml").read_bytes(),
                                       policy=email.policy.default)
    text = message.get_body(("plain",)).get_content()
    words = " ".join(text.split())
    assert f"part two of Hello ({SITE}/posts/hello/#part-two)" in words
    assert f"agenda ({SITE}/newsletter/june-2026/agenda.txt)" in words


def test_a_post_links_to_an_issue_with_filename(linked):
    link = linked.html("posts/hello/index.html").find("a", string="June issue")
    assert link["href"] == f"{SITE}/newsletter/june-2026/"


def test_a_link_to_a_missing_file_is_a_warning_naming_the_issue(linked):
    warnings = [line for line in linked.stderr.splitlines() if line.startswith("WARNING")]
    assert any("newsletter/june.md" in line and "links to 'images/gone.png', which does not exist" in line
               for line in warnings), linked.stderr
    assert any("newsletter/june.md" in line and "cannot find '/posts/gone.md' linked as {filename}" in line
               for line in warnings), linked.stderr
    assert "Traceback" not in linked.stderr


def test_issues_stay_out_of_posts_when_articles_are_read_from_the_whole_content_folder(tmp_path):
    content = minimal_content(tmp_path / "content")
    write(content / "newsletter" / "july.md", "Title: July\nDate: 2026-07-01\n\nA letter.\n")
    built = build_site(tmp_path / "output", content=content, PLUGINS=FOUNDATION + ["newsletter"],
                       ARTICLE_PATHS=[""], ARTICLE_EXCLUDES=["pages"])
    assert built.ok, built.stderr
    assert (built.output / "newsletter" / "july" / "email.html").is_file()
    assert not (built.output / "posts" / "july").exists()
    assert "July" not in built.text("feeds/all.atom.xml")
