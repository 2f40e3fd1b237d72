"""What the build says about bad newsletter issues, and the theme with the plugin off."""

from support import build_site, minimal_content, tiny_png, write

FOUNDATION = ["content_checks", "author_profiles", "site_feeds", "site_discovery"]


def test_unknown_slug_and_empty_issue_are_errors_and_keep_the_last_output(tmp_path):
    content = minimal_content(tmp_path / "content")
    write(content / "newsletter" / "typo.md", """
        Title: March: a typo
        Date: 2026-03-01
        Articles: hello, helo

        A letter about a post that is not there.
        """)
    write(content / "newsletter" / "empty.md", """
        Title: Nothing yet
        Date: 2025-01-01
        """)
    output = tmp_path / "output"
    built = build_site(output, content=content, PLUGINS=FOUNDATION + ["newsletter"])
    assert not built.ok
    errors = [line for line in built.stderr.splitlines() if line.startswith("ERROR")]
    assert any("newsletter/typo.md" in line and "'helo'" in line for line in errors), built.stderr
    assert any("newsletter/empty.md" in line and "no articles and no letter" in line for line in errors), built.stderr
    assert "Traceback" not in built.stderr
    assert not output.exists()


def test_warnings_name_the_issue_and_images_get_sizes(tmp_path):
    content = minimal_content(tmp_path / "content")
    (content / "images").mkdir()
    (content / "images" / "chart.png").write_bytes(tiny_png(1200, 300))
    filler = "\n\n".join("A long paragraph of the editor's letter. " * 40 for _ in range(80))
    (content / "newsletter").mkdir()
    (content / "newsletter" / "april.md").write_text(
        "Title: April\nDate: 2026-04-01\n\n"
        "See [the first post]({filename}/posts/hello.md) and [our old page](/about/).\n\n"
        "![A bar chart of replies per day]({static}/images/chart.png)\n\n"
        "![]({static}/images/chart.png)\n\n" + filler + "\n", encoding="utf-8")
    built = build_site(tmp_path / "output", content=content, PLUGINS=FOUNDATION + ["newsletter"])
    assert built.ok, built.stderr
    warnings = [line for line in built.stderr.splitlines() if "newsletter/april.md" in line]
    assert any('relative URL left in the email: href="/about/"' in line for line in warnings), built.stderr
    assert any("image without alt text" in line for line in warnings), built.stderr
    assert any("Gmail clips" in line for line in warnings), built.stderr
    soup = built.html("newsletter/april/email.html")
    assert soup.find("a", string="the first post")["href"] == "http://127.0.0.1:8000/posts/hello/"
    chart = soup.find("img", alt="A bar chart of replies per day")
    assert chart["src"] == "http://127.0.0.1:8000/images/chart.png"
    assert (chart["width"], chart["height"]) == ("560", "140")
    # The issue without Articles: takes the one earlier post.
    assert [heading.get_text(strip=True) for heading in soup.select("td.item h3")] == ["Hello"]


def test_theme_renders_without_the_plugin(tmp_path):
    content = minimal_content(tmp_path / "content")
    write(content / "newsletter" / "may.md", """
        Title: May
        Date: 2026-05-01

        A letter.
        """)
    built = build_site(tmp_path / "output", content=content, PLUGINS=FOUNDATION)
    assert built.ok, built.stderr
    nav = built.html("index.html").find("nav", class_="site-nav")
    assert nav.find("a", string="Newsletter") is None
    assert not (built.output / "newsletter").exists()
    assert "newsletter.css" not in built.text("index.html")


def test_digests_come_from_recorded_paragraphs_with_their_links_resolved(tmp_path):
    content = minimal_content(tmp_path / "content")
    write(content / "posts" / "linked.md", """
        Title: Linked
        Date: 2026-06-02 09:00
        Authors: Jenny Park
        Category: Craft

        ![A photo standing alone](https://elsewhere.example/photo.png)

        Read [the first post]({filename}/posts/hello.md) and [the about page](/about/) first.

        A second paragraph.
        """)
    write(content / "posts" / "chat.md", """
        Title: Chat
        Date: 2026-06-03 09:00
        Authors: Jenny Park
        Category: Craft
        Layout: dialogue
        Speakers: Jenny, Jeremy
        Summary: Two people on one habit.

        **Jeremy:** See [the first post]({filename}/posts/hello.md), then *reply*.

        Jenny: Agreed.
        """)
    write(content / "newsletter" / "june.md", """
        Title: June
        Date: 2026-06-30
        Articles: linked, chat

        Two posts.
        """)
    built = build_site(tmp_path / "output", content=content, PLUGINS=FOUNDATION + ["conversations", "newsletter"])
    assert built.ok, built.stderr
    assert not [line for line in built.stderr.splitlines() if "newsletter/june.md" in line], built.stderr
    linked, chat = built.html("newsletter/june/email.html").find_all("td", class_="item")
    summary = linked.find("p", class_="item-summary")
    assert summary.get_text(" ", strip=True).startswith("Read the first post and the about page first.")
    assert [a["href"] for a in summary.find_all("a")] == ["http://127.0.0.1:8000/posts/hello/",
                                                         "http://127.0.0.1:8000/about/"]
    assert linked.find("p", class_="item-turn") is None
    assert chat.find("p", class_="item-summary").get_text(strip=True) == "Two people on one habit."
    turn = chat.find("p", class_="item-turn")
    assert turn.b.get_text(strip=True) == "Jeremy:" and turn.em.get_text() == "reply"
    assert turn.a["href"] == "http://127.0.0.1:8000/posts/hello/"
