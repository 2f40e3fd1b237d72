"""A rebuild renders a paper's PDF again only when its source, authors or print style changed."""

import shutil

from support import ROOT, SAMPLE_CONTENT, build_site, minimal_content

MARKER = b"\n% served from the white-paper cache\n"


def _paper(content, body="## Findings\n\nWhat we found.\n"):
    header = ("Title: A Short Paper\nDate: 2026-03-02\nAuthors: Dana Brooks, Lee Okafor\n"
              "Slug: short-paper\nLayout: whitepaper\nSummary: A short abstract.\n\n")
    (content / "posts" / "short-paper.md").write_text(header + body, encoding="utf-8")


def _cached_pdfs(cache):
    return sorted((cache / "whitepapers").glob("short-paper.*.pdf"))


def test_unchanged_rebuild_reuses_the_pdf_and_changes_render_it_again(tmp_path):
    content = minimal_content(tmp_path / "content")
    shutil.copytree(SAMPLE_CONTENT / "authors", content / "authors")
    _paper(content)
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    output, cache = tmp_path / "output", tmp_path / "output-cache"
    pdf = output / "whitepapers" / "short-paper.pdf"

    first = build_site(output, content, THEME=str(theme))
    assert first.ok, first.stderr
    [cached] = _cached_pdfs(cache)
    # Mark the cached copy: if the next build copies it rather than rendering, the mark shows.
    with cached.open("ab") as stream:
        stream.write(MARKER)
    stamp = cached.stat().st_mtime_ns

    again = build_site(output, content, THEME=str(theme))
    assert again.ok, again.stderr
    assert _cached_pdfs(cache) == [cached] and cached.stat().st_mtime_ns == stamp
    assert pdf.read_bytes().endswith(MARKER)

    changes = [
        lambda: _paper(content, "## Findings\n\nWhat we found, and more.\n"),
        lambda: (content / "authors" / "lee-okafor.md").write_text(
            "Name: Lee Okafor\nRole: Analyst\n\nA new bio.\n", encoding="utf-8"),
        lambda: (theme / "static" / "css" / "whitepaper-print.css").open("a").write("\nh2 { color: #222; }\n"),
    ]
    for change in changes:
        [before] = _cached_pdfs(cache)
        with before.open("ab") as stream:
            stream.write(MARKER)
        change()
        rebuilt = build_site(output, content, THEME=str(theme))
        assert rebuilt.ok, rebuilt.stderr
        [after] = _cached_pdfs(cache)
        assert after != before and not before.exists()
        assert not pdf.read_bytes().endswith(MARKER)
        assert pdf.read_bytes() == after.read_bytes()
