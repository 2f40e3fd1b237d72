"""The sample white paper as readers get it: its web page and its PDF."""

import json
import re

import pytest
from pypdf import PdfReader

SLUG = "the-essential-customer-service-white-paper"
PAGE = f"posts/{SLUG}/index.html"
PDF = f"whitepapers/{SLUG}.pdf"
TITLE = "The Essential Customer Service White Paper"
SECTIONS = ["1. Introduction", "2. What customers actually want", "3. Five core practices",
            "4. Measuring outcomes, not activity", "5. Escalation and self-service",
            "6. A ninety-day plan for support leaders", "References"]
# "Title .......  7": a contents line that ends in its page number.
CONTENTS_LINE = re.compile(r"^(?P<title>.+?)\s*\.{3,}\s*(?P<page>\d+)$")


@pytest.fixture(scope="module")
def page(sample_site):
    return sample_site.html(PAGE)


@pytest.fixture(scope="module")
def pdf(sample_site):
    return PdfReader(sample_site.output / PDF)


def _page_texts(pdf):
    return [page.extract_text() for page in pdf.pages]


def test_cover_names_title_authors_date_and_site(pdf):
    cover = " ".join(_page_texts(pdf)[0].split())
    for expected in (TITLE, "Dana Brooks and Lee Okafor", "23 September 2026", "Service Voices"):
        assert expected in cover
    assert "/ " not in cover  # no page number on the cover


def test_every_page_after_the_cover_has_the_running_title_and_n_of_n(pdf):
    texts = _page_texts(pdf)
    assert len(texts) >= 6  # cover, abstract and contents, body, bios
    for number, text in enumerate(texts[1:], start=2):
        assert TITLE in text
        assert f"{number} / {len(texts)}" in text


def test_contents_page_numbers_point_at_the_pages_holding_each_section(pdf):
    texts = _page_texts(pdf)
    assert "Contents" in texts[1]
    entries = {}
    for line in texts[1].splitlines():
        match = CONTENTS_LINE.match(line.strip())
        if match:
            entries[match["title"].strip()] = int(match["page"])
    for title in SECTIONS + ["About the authors", "How to cite"]:
        assert title in entries, f"{title!r} missing from the contents: {sorted(entries)}"
        assert title in texts[entries[title] - 1], f"{title!r} is not on page {entries[title]}"


def test_pdf_ends_with_both_bios_and_the_citation(pdf):
    end = " ".join(" ".join(_page_texts(pdf)[-2:]).split())
    assert "About the authors" in end
    assert "Director of Customer Experience" in end and "Support Operations Analyst" in end
    assert f"Dana Brooks and Lee Okafor (2026). {TITLE}. Service Voices." in end


def test_pdf_metadata_and_tagging(pdf):
    assert pdf.metadata.title == TITLE
    assert pdf.metadata.author == "Dana Brooks, Lee Okafor"
    root = pdf.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root and root["/Lang"] == "en"
    bookmarks = [item.title for item in pdf.outline if not isinstance(item, list)]
    assert TITLE in bookmarks


def test_page_shows_title_authors_date_and_abstract(page):
    header = page.select_one(".post__header")
    assert header.h1.get_text(strip=True) == TITLE
    authors = {a.get_text(strip=True): a["href"] for a in header.select(".byline a[rel=author]")}
    assert authors == {"Dana Brooks": "http://127.0.0.1:8000/authors/dana-brooks/",
                       "Lee Okafor": "http://127.0.0.1:8000/authors/lee-okafor/"}
    assert header.select_one("time")["datetime"].startswith("2026-09-23")
    assert "ninety-day plan" in page.select_one(".paper__abstract").get_text()


def test_contents_links_resolve_to_ids_on_the_page(page):
    links = [a["href"] for a in page.select(".paper__toc a")]
    assert len(links) >= len(SECTIONS) + 2
    for href in links:
        assert href.startswith("#") and page.find(id=href[1:]) is not None, href
    titles = [a.get_text(strip=True) for a in page.select(".paper__toc > ol > li > a")]
    assert titles[:len(SECTIONS)] == SECTIONS
    assert len(page.select("nav h2")) == 1  # one contents list, not two


def test_download_link_names_the_size_and_points_at_the_pdf(sample_site, page):
    link = page.select_one(".paper__download a")
    assert link["href"] == f"http://127.0.0.1:8000/{PDF}"
    size = (sample_site.output / PDF).stat().st_size
    assert link.get_text(strip=True) == f"Download PDF ({round(size / 1000)} KB)"


def test_page_ends_with_bios_and_how_to_cite(page):
    bios = page.select(".paper__author")
    assert [b.select_one("h3").get_text(strip=True) for b in bios] == ["Dana Brooks", "Lee Okafor"]
    assert all(b.select_one("p:not(.paper__author-role)") for b in bios)
    cite = " ".join(page.select_one(".paper__citation").get_text().split())
    assert cite == (f"Dana Brooks and Lee Okafor (2026). {TITLE}. Service Voices. "
                    f"http://127.0.0.1:8000/posts/{SLUG}/")


def test_json_ld_is_a_report_with_every_author_and_the_pdf(page):
    data = json.loads(page.find("script", type="application/ld+json").string)
    assert data["@type"] == "Report"
    assert [a["name"] for a in data["author"]] == ["Dana Brooks", "Lee Okafor"]
    assert data["encoding"] == {"@type": "MediaObject", "encodingFormat": "application/pdf",
                                "contentUrl": f"http://127.0.0.1:8000/{PDF}"}
