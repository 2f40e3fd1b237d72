"""What the shared Markdown extension records, checked against the HTML it goes with."""

import textwrap

import markdown
import pytest
from bs4 import BeautifulSoup

from service_voices.markdown_records import RecordsExtension, recorded_headings
from service_voices.outline import outline
from service_voices.post_records import Heading

SITE_EXTENSIONS = ["markdown.extensions.extra", "markdown.extensions.smarty", "markdown.extensions.toc",
                   "markdown.extensions.meta"]


def convert(text: str, extensions=SITE_EXTENSIONS) -> tuple[str, markdown.Markdown]:
    md = markdown.Markdown(extensions=[*extensions, RecordsExtension()], output_format="html5")
    return md.convert(textwrap.dedent(text).lstrip("\n")), md


def test_every_heading_is_recorded_with_the_id_it_has_in_the_html():
    html, md = convert("""
        # Title

        ## Why *we* did it

        ### Scope & sources[^1]

        > ## A heading in a quote

        ## Why *we* did it

        [^1]: A footnote.
        """)
    found = recorded_headings(md)
    assert [(h.level, h.id, h.text) for h in found] == [
        (1, "title", "Title"), (2, "why-we-did-it", "Why we did it"), (3, "scope-sources", "Scope & sources"),
        (2, "a-heading-in-a-quote", "A heading in a quote"), (2, "why-we-did-it_1", "Why we did it")]
    assert found[1].html == "Why <em>we</em> did it"
    page = BeautifulSoup(html, "html.parser")
    assert [tag["id"] for tag in page.find_all(["h1", "h2", "h3"])] == [h.id for h in found]
    # The footnote mark belongs to the page, not to the heading's name.
    assert page.find("h3").find("sup") is not None and "<sup" not in found[2].html


def test_headings_get_ids_even_when_the_settings_leave_toc_out():
    html, md = convert("## One\n\n## One\n", extensions=["markdown.extensions.meta"])
    assert [h.id for h in recorded_headings(md)] == ["one", "one_1"]
    assert '<h2 id="one">One</h2>' in html


FIRST_PARAGRAPHS = [
    "![An image alone]({static}/images/x.png)\n\nFirst *words* & [a link](/faq/).\n\nSecond.",
    "<!-- a comment holding <p>hidden</p> -->\n\nShown.",
    "    indented code\n\n```\nfenced code\n```\n\n- a list item\n\nThe paragraph.",
    "A &copy; sign, an <abbr title=\"x\">abbr</abbr> and a \\*literal\\* star.",
    "&nbsp;\n\nAfter an empty-looking one.",
    "> A quote first.\n\nThen prose.",
    "",
]


@pytest.mark.parametrize("text", FIRST_PARAGRAPHS)
def test_first_paragraph_is_the_first_with_text_in_the_html(text):
    html, md = convert(text)
    page = BeautifulSoup(html, "html.parser")
    expected = next((p for p in page.find_all("p") if p.get_text(strip=True)), None)
    recorded = md.first_paragraph
    if expected is None:
        assert recorded == ""
    else:
        assert str(BeautifulSoup(recorded, "html.parser")) == expected.decode_contents()
        assert f"<p>{recorded}</p>" in html


def test_a_second_document_gets_its_own_records():
    md = markdown.Markdown(extensions=["toc", RecordsExtension()])
    md.convert("## A\n\nOne.")
    md.reset()
    md.convert("Two.")
    assert md.first_paragraph == "Two." and recorded_headings(md) == []


def test_outline_nests_subsections_under_their_section():
    headings = [Heading(3, "lead", "Lead-in", "Lead-in"), Heading(2, "intro", "1. Intro", "1. Intro"),
                Heading(3, "scope", "Scope & sources", "Scope &amp; sources"), Heading(4, "deep", "Deep", "Deep"),
                Heading(2, "next", "2. Next", "2. <em>Next</em>"), Heading(2, "empty", "", "<img>")]
    found = outline(headings)
    assert [(entry.id, entry.text) for entry in found] == [("lead", "Lead-in"), ("intro", "1. Intro"),
                                                           ("next", "2. Next")]
    assert [(entry.anchor, entry.title) for entry in found[1].children] == [("scope", "Scope & sources")]
    assert found[0].children == [] and found[2].children == []
