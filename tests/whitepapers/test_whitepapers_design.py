"""The white paper's design: one numbering in the contents, a subtitle, tables, a
cover with the authors' roles and the site's logo, and one font pairing in the PDF."""

import re

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader
from support import build_site, minimal_content, write

SLUG = "the-essential-customer-service-white-paper"
PAGE = f"posts/{SLUG}/index.html"
PDF = f"whitepapers/{SLUG}.pdf"
SUBTITLE = "Five practices, four measures and a ninety-day plan for support leaders"


@pytest.fixture(scope="module")
def pdf(sample_site):
    return PdfReader(sample_site.output / PDF)


def test_contents_are_numbered_once(sample_site):
    toc = sample_site.html(PAGE).select_one("nav.paper__toc > ol")
    assert toc["class"] == ["paper__toc-list--titled"], "the titles' own numbers are the only ones"
    assert toc.li.a.get_text() == "1. Introduction"


def test_unnumbered_sections_keep_the_list_numbers(tmp_path):
    content = minimal_content(tmp_path / "content")
    write(content / "authors" / "jenny-park.md", """
        Name: Jenny Park
        Role: Support Team Lead

        Jenny leads a support team.
        """)
    write(content / "posts" / "paper.md", """
        Title: Plain Paper
        Date: 2026-02-01
        Authors: Jenny Park
        Layout: whitepaper
        Summary: An abstract.

        ## Introduction

        Text.

        ## Findings

        More text.
        """)
    built = build_site(tmp_path / "output", content, WHITEPAPER_PDF=False)
    assert built.ok, built.stderr
    toc = built.html("posts/plain-paper/index.html").select_one("nav.paper__toc > ol")
    assert not toc.get("class")
    assert built.html("posts/plain-paper/index.html").select_one(".paper__subtitle") is None


def test_the_page_shows_the_subtitle_and_a_table_with_a_header_row(sample_site):
    page = sample_site.html(PAGE)
    assert page.select_one(".paper__subtitle").get_text() == SUBTITLE
    table = page.select_one(".post__body table")
    assert [th.get_text() for th in table.select("thead th")] == ["Measure", "What it shows", "Review"]
    assert len(table.select("tbody tr")) == 4


def test_the_cover_has_subtitle_roles_site_and_logo(pdf, sample_site):
    cover = " ".join(pdf.pages[0].extract_text().split())
    assert SUBTITLE in cover
    assert "Dana Brooks, Director of Customer Experience" in cover
    assert "Lee Okafor, Support Operations Analyst" in cover
    assert cover.startswith("Service Voices"), "the masthead leads the cover"
    # The print HTML the PDF was rendered from (kept beside the cached PDF) puts the
    # site's logo, a file of the site, in the cover's masthead.
    cache = sample_site.output.parent / f"{sample_site.output.name}-cache" / "whitepapers"
    [printed] = cache.glob(f"{SLUG}.*.html")
    masthead = BeautifulSoup(printed.read_text(encoding="utf-8"), "html.parser").select_one(".cover__masthead")
    assert masthead.img["src"] == "http://127.0.0.1:8000/favicon.svg"
    assert (sample_site.output / "favicon.svg").is_file()


def _font_families(pdf) -> set[str]:
    """Font families embedded in the PDF: "ABCDEF+DejaVu-Sans-Bold" is DejaVu-Sans."""
    families = set()
    for page in pdf.pages:
        for font in page["/Resources"]["/Font"].values():
            name = str(font.get_object().get("/BaseFont", "")).lstrip("/").split("+")[-1]
            families.add(re.sub(r"(-(Bold|Italic|Oblique|BoldItalic|BoldOblique))+$", "", name))
    return families


def test_the_pdf_uses_one_serif_and_sans_pairing(pdf):
    families = _font_families(pdf)
    assert families <= {"DejaVu-Serif", "DejaVu-Sans", "DejaVu-Sans-Mono"}, families
    assert {"DejaVu-Serif", "DejaVu-Sans"} <= families
