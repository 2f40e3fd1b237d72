"""Titles, tags, categories and names are text: printed escaped on every page."""

from support import add_thanks_page, build_site, minimal_content, write

HOSTILE_TITLE = "Refunds </script><b>bold</b> & <i>more"
HOSTILE_TAG = "<b>tag</b>"


def test_markup_in_titles_tags_and_names_is_printed_as_text(tmp_path):
    content = minimal_content(tmp_path / "content")
    write(content / "posts" / "hostile.md", f"""
        Title: {HOSTILE_TITLE}
        Date: 2026-02-01 09:00
        Authors: Jenny Park
        Category: <em>Support</em>
        Tags: {HOSTILE_TAG}, tone

        A post whose front matter holds markup.
        """)
    add_thanks_page(content)
    built = build_site(tmp_path / "output", content=content)
    assert built.ok, built.stderr
    post = built.html("posts/refunds-bold-more/index.html")
    assert post.h1.get_text(strip=True) == HOSTILE_TITLE
    assert post.h1.find(["b", "i", "script"]) is None
    # The title reaches <title>, the home list, the archives, the tag and category
    # pages, and the author's page: each shows it as text and adds no element.
    pages = ["index.html", "archives/index.html", "authors/jenny-park/index.html"]
    pages += [path.relative_to(built.output).as_posix() for path in (built.output / "tags").glob("*/index.html")]
    pages += [path.relative_to(built.output).as_posix()
              for path in (built.output / "categories").glob("*/index.html")]
    checked = 0
    for page in pages:
        soup = built.html(page)
        text = soup.get_text(" ")
        if "Refunds" not in text:
            continue
        checked += 1
        assert HOSTILE_TITLE in text, page
        main = soup.find("main")
        assert main.find("b") is None and main.find("i") is None, page
        assert all("bold" not in (script.string or "") or script.get("type") == "application/ld+json"
                   for script in soup.find_all("script")), page
    assert checked >= 5, pages
    tag_soup = built.html("tags/tag/index.html")
    assert HOSTILE_TAG in tag_soup.h1.get_text() and tag_soup.h1.find("b") is None
    category = built.html("categories/support/index.html")
    assert "<em>Support</em>" in category.h1.get_text() and category.h1.find("em") is None
