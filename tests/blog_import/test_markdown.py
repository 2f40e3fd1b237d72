"""Post HTML as the exports hold it, turned into Markdown that renders as the old post read."""

from html import escape

import markdown
from blog_import_support import make_uploads
from bs4 import BeautifulSoup

from service_voices.blog_import.paragraphs import blocks_of
from service_voices.blog_import.rewrite import compose
from service_voices.blog_import.shortcodes import expand_shortcodes
from service_voices.blog_import.uploads import rewrite_files

SITE_EXTENSIONS = ["markdown.extensions.extra", "markdown.extensions.smarty", "markdown.extensions.toc"]


def converted(html: str, wordpress: bool = False) -> str:
    return compose(blocks_of(html, wordpress), {})


def rendered(markdown_text: str) -> BeautifulSoup:
    return BeautifulSoup(markdown.markdown(markdown_text, extensions=SITE_EXTENSIONS), "html.parser")


def test_wordpress_blank_lines_are_paragraphs_and_single_newlines_line_breaks():
    text = converted("First line\nsecond line.\n\nNext paragraph.\n\n\n<strong>Bold</strong> start.", wordpress=True)
    assert text == "First line  \nsecond line.\n\nNext paragraph.\n\n**Bold** start.\n"
    page = rendered(text)
    assert [p.get_text() for p in page.find_all("p")] == ["First line\nsecond line.", "Next paragraph.", "Bold start."]
    assert page.find("p").find("br") is not None


def test_wordpress_blank_lines_between_tags_still_split_paragraphs():
    text = converted('Intro.\n\n<img src="https://x.example/a.jpg" alt="A" />\n\n<strong>1. Why?</strong>\n\nBecause.',
                     wordpress=True)
    assert text.split("\n\n") == ["Intro.", "![A](https://x.example/a.jpg)", "**1. Why?**", "Because.\n"]


def test_block_editor_posts_keep_their_own_paragraphs():
    html = ("<!-- wp:paragraph -->\n<p>One\nline.</p>\n<!-- /wp:paragraph -->\n\n"
            "<!-- wp:heading -->\n<h2>A heading</h2>\n<!-- /wp:heading -->")
    assert converted(html, wordpress=True) == "One line.\n\n## A heading\n"


def test_blogger_double_breaks_and_empty_divs_are_paragraphs_single_ones_line_breaks():
    html = ('<div dir="ltr">Line one<br />line two<br /><br /><span style="color:red">Next</span> para</div>'
            "<div>Typed line</div><div>next typed line</div><div><br /></div><div>New paragraph</div>")
    text = converted(html)
    assert text == "Line one  \nline two\n\nNext para  \nTyped line  \nnext typed line\n\nNew paragraph\n"


def test_old_blogger_text_without_markup_gets_its_paragraphs():
    assert converted("Typed with line breaks on.\n\nSecond paragraph.") == \
        "Typed with line breaks on.\n\nSecond paragraph.\n"


def test_headings_lists_quotes_links_images_and_emphasis():
    html = ('<h3>Steps</h3><ol><li>Greet</li><li>Listen <em>closely</em></li></ol>'
            '<blockquote><p>Quoted</p><p>twice</p></blockquote>'
            '<p>A <a href="https://example.com/x_y">link</a>, <strong>bold</strong> and '
            '<img src="https://example.com/i.png" alt="an icon"></p><pre><code>x = 1\n\ny = 2</code></pre>')
    text = converted(html)
    assert "### Steps" in text and "1. Greet\n2. Listen *closely*" in text
    assert "> Quoted\n>\n> twice" in text
    assert "[link](https://example.com/x_y)" in text and "**bold**" in text
    assert "![an icon](https://example.com/i.png)" in text
    page = rendered(text)
    assert page.find("pre").get_text() == "x = 1\n\ny = 2\n"
    assert page.find("blockquote").find_all("p")[1].get_text() == "twice"


def test_text_that_looks_like_markdown_stays_text():
    paragraphs = ["1. Not a list item.", "# not a heading", "- not a bullet", "> not a quote",
                  "5 * 3 = 15 and snake_case_name", "A <b> tag, & an entity: &copy;", "[not] a [link]", "---",
                  "`not code`"]
    html = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    page = rendered(converted(html))
    assert page.find_all(["ol", "ul", "h1", "blockquote", "hr", "a", "b"]) == []
    assert [p.get_text() for p in page.find_all("p")] == paragraphs


def test_caption_and_embed_shortcodes_are_expanded_and_others_named():
    text, left = expand_shortcodes(
        '[caption id="attachment_5" width="300"]<img src="a.jpg" alt="A" /> The caption[/caption]\n\n'
        "[embed]https://video.example/v/1[/embed]\n\n[gallery ids=\"1,2\"]")
    assert left == ["gallery"]
    markdown_text = converted(text, wordpress=True)
    assert "![A](a.jpg)\n\n*The caption*" in markdown_text
    assert "<https://video.example/v/1>" in markdown_text


def test_uploaded_files_are_copied_and_linked_with_static(tmp_path):
    uploads = make_uploads(tmp_path / "uploads")
    blocks = blocks_of(
        '<p><img src="https://old.example/wp-content/uploads/2019/03/justin-300x200.jpg" alt="J"> '
        '<img src="https://elsewhere.example/photo.jpg" alt="P"> '
        '<a href="/wp-content/uploads/2019/06/channel-guide.pdf">guide</a> '
        '<a href="https://old.example/2019/06/a-post/">a post</a></p>')
    plan = rewrite_files(blocks, "https://old.example", uploads, [
        "https://old.example/wp-content/uploads/2019/03/justin.jpg",
        "https://old.example/wp-content/uploads/2019/06/queue-poster.png",
        "https://old.example/wp-content/uploads/2019/06/missing.png"])
    # The resized copy is not there, so the original is used.
    assert plan.copies == {"2019/03/justin.jpg": uploads / "2019/03/justin.jpg",
                           "2019/06/channel-guide.pdf": uploads / "2019/06/channel-guide.pdf",
                           "2019/06/queue-poster.png": uploads / "2019/06/queue-poster.png"}
    assert plan.remote_images == ["https://elsewhere.example/photo.jpg"]
    assert plan.unlinked_attachments == ["2019/06/queue-poster.png"]
    assert plan.lost_attachments == ["https://old.example/wp-content/uploads/2019/06/missing.png"]
    text = compose(blocks, {})
    assert "![J]({static}/images/2019/03/justin.jpg)" in text
    assert "[guide]({static}/images/2019/06/channel-guide.pdf)" in text
    assert "[a post](https://old.example/2019/06/a-post/)" in text


def test_an_upload_path_cannot_climb_out_of_the_uploads_folder(tmp_path):
    uploads = make_uploads(tmp_path / "uploads")
    (tmp_path / "secret.png").write_bytes(b"not for the site")
    blocks = blocks_of('<p><img src="https://old.example/wp-content/uploads/../../secret.png" alt="x"></p>')
    plan = rewrite_files(blocks, "https://old.example", uploads, [])
    assert plan.copies == {}
