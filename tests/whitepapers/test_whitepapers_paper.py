"""The white-paper plugin's pure parts: sections, citation, checks, missing files, cache and PDF rendering."""

import io
import logging
import textwrap

import markdown
from pypdf import PdfReader
from whitepapers.cache import PdfCache, cache_key
from whitepapers.mdext import WhitepaperExtension, detach_missing_static_links
from whitepapers.paper import citation, front_matter_problems, human_size
from whitepapers.pdf import SYSTEM_PACKAGES, missing_support, referenced_files, render_pdf

from service_voices.markdown_records import RecordsExtension, recorded_headings
from service_voices.names import join_names
from service_voices.outline import outline


def paper(text: str, *extensions) -> tuple[str, list]:
    """A paper's HTML and its sections, as the reader records the headings."""
    md = markdown.Markdown(extensions=["extra", "toc", "meta", *extensions, RecordsExtension()])
    html = md.convert(textwrap.dedent(text).lstrip("\n"))
    return html, outline(recorded_headings(md))


def test_sections_nest_subsections_under_their_section_and_keep_existing_ids():
    html, sections = paper("## 1. Intro {#intro}\n\nx\n\n### Scope &amp; sources {#scope}\n\n## 2. *Next* {#next}\n")
    assert '<h2 id="intro">1. Intro</h2>' in html and '<h2 id="next">2. <em>Next</em></h2>' in html
    assert [(s.id, s.title) for s in sections] == [("intro", "1. Intro"), ("next", "2. Next")]
    assert [(s.id, s.title) for s in sections[0].children] == [("scope", "Scope & sources")]


def test_headings_without_an_id_get_unique_ones():
    html, sections = paper("x\n{: #findings}\n\n## Findings\n\n### Findings\n\n## Last {.a}\n")
    assert [s.id for s in sections] == ["findings_1", "last"]
    assert sections[0].children[0].id == "findings_2"
    assert '<h2 id="findings_1">Findings</h2>' in html
    assert '<h2 class="a" id="last">Last</h2>' in html


def test_a_subsection_before_any_section_is_kept():
    _, sections = paper("### Lead-in {#a}\n\n## Body {#b}\n")
    assert [s.id for s in sections] == ["a", "b"]


def test_citation_names_every_author_year_title_site_and_url():
    cite = citation(["Dana Brooks", "Lee Okafor", "Jenny Park"], 2026, "A <em>Paper</em>",
                    "Service Voices", "https://x.test/posts/a/")
    assert cite.text == ("Dana Brooks, Lee Okafor and Jenny Park (2026). A Paper. Service Voices. "
                         "https://x.test/posts/a/")
    assert join_names(["A", "B"]) == "A and B"
    assert join_names(["A"]) == "A"


def test_front_matter_needs_authors_and_summary():
    assert front_matter_problems({"authors": ["A"], "summary": "<p>S</p>"}) == []
    problems = front_matter_problems({"summary": " "})
    assert any("Authors:" in p for p in problems) and any("Summary:" in p for p in problems)


def test_human_size():
    assert human_size(820) == "820 bytes"
    assert human_size(80_356) == "80 KB"
    assert human_size(2_400_000) == "2.4 MB"


def test_cache_key_depends_on_every_part_and_its_boundaries():
    assert cache_key("ab", "c") != cache_key("a", "bc")
    assert cache_key("a", b"b") == cache_key("a", "b")


def test_cache_keeps_one_pdf_per_paper_with_its_warnings(tmp_path):
    cache = PdfCache(tmp_path)
    assert cache.get("paper", "k1") is None
    first = cache.put("paper", "k1", b"%PDF-one", ["image missing"], "<html>one</html>")
    assert cache.get("paper", "k1") == (first, ["image missing"])
    assert first.with_suffix(".html").read_text() == "<html>one</html>"
    second = cache.put("paper", "k2", b"%PDF-two")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["paper.k2.html", "paper.k2.notes", "paper.k2.pdf"]
    assert cache.get("paper", "k2") == (second, [])
    cache.put("paper-two", "k1", b"%PDF-other")
    assert second.exists()


def test_missing_pango_is_one_line_naming_the_debian_packages():
    def without_pango(name):
        raise OSError("cannot load library 'libpango-1.0-0': libpango-1.0-0: cannot open shared object file\n"
                      "Additionally, ctypes.util.find_library() did not manage to locate a library")

    message = missing_support(without_pango)
    assert "\n" not in message
    assert "sudo apt-get install " + " ".join(SYSTEM_PACKAGES) in message
    assert "WHITEPAPER_PDF = False" in message
    assert missing_support() is None  # this machine has them


def test_referenced_files_are_the_site_files_an_html_page_embeds():
    files = {"images/a.svg": "/src/a.svg", "images/b.png": "/src/b.png"}
    html = ('<img src="https://s.test/images/b.png"><img src="https://s.test/images/a.svg">'
            '<img src="https://other.test/images/a.svg"><img src="https://s.test/images/gone.png">')
    assert referenced_files(html, "https://s.test", files) == ["/src/a.svg", "/src/b.png"]


def test_render_pdf_gives_a_tagged_pdf_and_reports_missing_images(tmp_path):
    css = tmp_path / "print.css"
    css.write_text("@page { size: A5; @bottom-center { content: counter(page) ' / ' counter(pages); } }")
    html = ('<!doctype html><html lang="en"><head><title>Short paper</title>'
            '<meta name="author" content="Ana Ruiz"><meta name="author" content="Lee Okafor"></head>'
            '<body><h1>Short paper</h1><p>Text.</p><img src="missing.png" alt="A chart">'
            '<p style="break-before: page">Second page.</p></body></html>')
    problems = []
    data = render_pdf(html, tmp_path.as_uri() + "/", [css], problems=problems)
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 2
    assert "1 / 2" in reader.pages[0].extract_text()
    assert reader.metadata.title == "Short paper"
    assert reader.metadata.author == "Ana Ruiz, Lee Okafor"
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    assert any("missing.png" in problem for problem in problems)


def test_static_links_to_missing_files_become_plain_urls():
    html = ('<img alt="a" src="{static}/images/here.svg"><img alt="b" src="{static}/images/gone.png">'
            '<a href="|static|files/gone.pdf">x</a>')
    present = {"/images/here.svg"}
    detached, missing = detach_missing_static_links(
        html, lambda path: None if path in present else "https://s.test/" + path.lstrip("/"))
    assert missing == ["/images/gone.png", "files/gone.pdf"]
    assert 'src="{static}/images/here.svg"' in detached
    assert 'src="https://s.test/images/gone.png"' in detached
    assert 'href="https://s.test/files/gone.pdf"' in detached


def test_a_paper_builds_without_its_missing_files_and_says_which_line(tmp_path, caplog):
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "here.svg").write_text("<svg/>", encoding="utf-8")
    post = tmp_path / "posts" / "paper.md"
    post.parent.mkdir()
    post.write_text("Title: P\nLayout: whitepaper\n\n![Here]({static}/images/here.svg)\n\n"
                    "![Gone]({static}/images/gone.png)\n\n<a href=\"{static}/files/gone.pdf\">raw</a>\n",
                    encoding="utf-8")
    md = markdown.Markdown(extensions=["meta", WhitepaperExtension(str(tmp_path), "https://s.test")])
    md.source_path = str(post)
    with caplog.at_level(logging.WARNING):
        html = md.convert(post.read_text(encoding="utf-8"))
    assert 'src="{static}/images/here.svg"' in html
    assert 'src="https://s.test/images/gone.png"' in html
    assert 'href="https://s.test/files/gone.pdf"' in html
    warnings = [record.getMessage() for record in caplog.records]
    assert warnings == [
        f"{tmp_path.name}/posts/paper.md:6: image or file /images/gone.png not found; the page and the PDF go without it",
        f"{tmp_path.name}/posts/paper.md:8: image or file /files/gone.pdf not found; the page and the PDF go without it"]
    # Other posts keep their links for Pelican to resolve (and report).
    md = markdown.Markdown(extensions=["meta", WhitepaperExtension(str(tmp_path), "https://s.test")])
    assert 'src="{static}/images/gone.png"' in md.convert("Title: Q\n\n![Gone]({static}/images/gone.png)\n")
