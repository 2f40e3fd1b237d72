"""Bad or partial white-paper input: clear messages naming the file, never a traceback."""

import json
import shutil
import subprocess
import sys

from pypdf import PdfReader
from support import ROOT, SAMPLE_CONTENT, build_site, copy_sample_content, minimal_content, write


def test_missing_authors_or_summary_is_an_error_naming_the_file(tmp_path):
    content = minimal_content(tmp_path / "content")
    write(content / "posts" / "no-authors.md", """
        Title: No Authors
        Date: 2026-03-02
        Layout: whitepaper
        Summary: An abstract.

        ## Body
        """)
    write(content / "posts" / "no-summary.md", """
        Title: No Summary
        Date: 2026-03-02
        Authors: Dana Brooks
        Layout: whitepaper

        ## Body
        """)
    built = build_site(tmp_path / "output", content, WHITEPAPER_PDF=False)
    assert not built.ok
    assert "Traceback" not in built.stderr
    errors = [line for line in built.stderr.splitlines() if line.startswith("ERROR:")]
    assert any("posts/no-authors.md" in line and "'Authors:'" in line for line in errors), errors
    assert any("posts/no-summary.md" in line and "'Summary:'" in line for line in errors), errors


def test_author_without_bio_and_missing_image_are_warnings_and_the_pdf_still_renders(tmp_path):
    content = minimal_content(tmp_path / "content")
    shutil.copytree(SAMPLE_CONTENT / "authors", content / "authors")
    write(content / "posts" / "guest-paper.md", """
        Title: A Guest Paper
        Date: 2026-03-02
        Authors: Dana Brooks, Sam Rivera
        Slug: guest-paper
        Layout: whitepaper
        Summary: An abstract.

        ## Findings

        ![A chart of repeat contacts]({static}/images/missing-chart.png)

        What we found.
        """)
    built = build_site(tmp_path / "output", content)
    assert built.ok, built.stderr
    warnings = [line for line in built.stderr.splitlines() if line.startswith("WARNING:")]
    # Each problem is said once: the byline without a profile by author_profiles, the
    # missing image by content_checks (not again by the paper or its PDF).
    assert [line for line in warnings if "guest-paper" in line] == [
        "WARNING: content/posts/guest-paper.md:10: {static}/images/missing-chart.png points to a file that does not exist",
        "WARNING: content/posts/guest-paper.md:3: author 'Sam Rivera' has no profile; "
        "add content/authors/<name>.md for them"], warnings
    pdf = PdfReader(built.output / "whitepapers" / "guest-paper.pdf")
    assert pdf.metadata.author == "Dana Brooks, Sam Rivera"
    assert "Director of Customer Experience" in " ".join(page.extract_text() for page in pdf.pages)
    names = [h.get_text(strip=True) for h in built.html("posts/guest-paper/index.html").select(".paper__author h3")]
    assert names == ["Dana Brooks", "Sam Rivera"]


def test_pdf_switched_off_leaves_the_page_without_download_or_encoding(tmp_path):
    built = build_site(tmp_path / "output", WHITEPAPER_PDF=False)
    assert built.ok, built.stderr
    assert not (built.output / "whitepapers").exists()
    page = built.html("posts/the-essential-customer-service-white-paper/index.html")
    assert page.select_one(".paper__toc") is not None
    assert page.select_one(".paper__download") is None
    assert "encoding" not in json.loads(page.find("script", type="application/ld+json").string)


def test_with_the_plugin_off_the_paper_is_an_ordinary_article(tmp_path):
    content = copy_sample_content(tmp_path / "content")
    plugins = ["content_checks", "author_profiles", "site_feeds", "site_discovery"]
    built = build_site(tmp_path / "output", content, PLUGINS=plugins)
    assert built.ok, built.stderr
    page = built.html("posts/the-essential-customer-service-white-paper/index.html")
    assert page.h1.get_text(strip=True) == "The Essential Customer Service White Paper"
    assert page.select_one(".paper__toc") is None
    assert not (built.output / "whitepapers").exists()
    assert not page.select('link[href$="whitepapers.css"]')


# Pango cannot be uninstalled for a test, so this child process makes importing
# WeasyPrint fail exactly as it does on a machine without Pango, then builds.
WITHOUT_PANGO = """
import importlib.abc, sys
class WithoutPango(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name == "weasyprint":
            raise OSError("cannot load library 'libpango-1.0-0': libpango-1.0-0: "
                          "cannot open shared object file: No such file or directory")
sys.meta_path.insert(0, WithoutPango())
from service_voices.site.build import main
sys.exit(main(sys.argv[1:]))
"""


def test_without_pango_the_build_fails_with_one_line_naming_the_packages(tmp_path):
    output = tmp_path / "output"
    cache = json.dumps(str(tmp_path / "cache"))
    done = subprocess.run([sys.executable, "-c", WITHOUT_PANGO, "--output", str(output), "--set", f"CACHE_PATH={cache}"],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    errors = [line for line in done.stderr.splitlines() if line.startswith("ERROR:")]
    assert len(errors) == 1, done.stderr
    assert "sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core" in errors[0]
    assert not output.exists()
