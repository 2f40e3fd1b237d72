"""Broken front matter: one clear line naming the file, a failed build, nothing lost."""

import pytest
from content_checks import authors_field_problems, layout_problem, read_front_matter
from content_checks.checks import control_characters
from support import build_site, minimal_content, write

FOUNDATION = ["content_checks", "author_profiles", "site_feeds", "site_discovery"]


@pytest.mark.parametrize("raw", ["Jenny Park", "Jenny Park, Jeremy Cole", "Park, Jenny; Cole, Jeremy", "Zoë Ångström"])
def test_well_formed_author_lists_pass(raw):
    assert authors_field_problems(raw) == []


@pytest.mark.parametrize("raw, fragment", [
    ("", "empty"),
    ("Jenny Park,, Jeremy Cole", "empty name"),
    ("Jenny Park,", "empty name"),
    ("Jenny Park and Jeremy Cole", "without a comma"),
    ("Jenny <jenny@example.com>", "cannot be in a name"),
])
def test_malformed_author_lists_are_explained(raw, fragment):
    problems = authors_field_problems(raw)
    assert problems and fragment in " ".join(problems)


def test_layout_problem_accepts_known_layouts_in_any_case():
    known = ("article", "interview")
    assert layout_problem("Interview", known) is None
    assert "unknown Layout 'intervew'" in layout_problem("intervew", known)


def test_read_front_matter_stops_at_the_blank_line(tmp_path):
    path = write(tmp_path / "p.md", """
        Title: A
        Authors: One,
          Two

        Layout: not-metadata
        """)
    header = read_front_matter(path)
    assert header["title"] == (1, "A")
    assert header["authors"] == (2, "One, Two")
    assert "layout" not in header


BROKEN = {
    "bad-date.md": ("Title: Bad date\nDate: 2026-13-45\n\nText.\n", "not a valid date"),
    "empty-title.md": ("Title:\nDate: 2026-01-01\n\nText.\n", "Title is empty"),
    "bad-layout.md": ("Title: Bad layout\nDate: 2026-01-01\nLayout: intervew\n\nText.\n", "unknown Layout"),
    "bad-authors.md": ("Title: Bad authors\nDate: 2026-01-01\nAuthors: Jenny Park,, Jeremy Cole\n\nText.\n", "Authors has an empty name"),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_post_fails_the_build_with_one_line_naming_it(tmp_path, name):
    content = minimal_content(tmp_path / "content")
    output = tmp_path / "output"
    first = build_site(output, content, PLUGINS=FOUNDATION)
    assert first.ok, first.stderr
    marker = output / "posts" / "hello" / "index.html"
    assert marker.is_file()

    text, expected = BROKEN[name]
    (content / "posts" / name).write_text(text, encoding="utf-8")
    second = build_site(output, content, PLUGINS=FOUNDATION)
    assert second.returncode == 1
    errors = [line for line in second.stderr.splitlines() if line.startswith("ERROR")]
    assert len(errors) == 1, second.stderr
    assert name in errors[0] and expected in errors[0]
    assert "Traceback" not in second.stderr + second.stdout
    # The last good output is still there, untouched.
    assert marker.is_file()
    assert not list(tmp_path.glob(".output.building-*"))


def test_missing_static_links_resolve_like_pelican(tmp_path):
    from content_checks import missing_static_links

    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "there.svg").write_text("<svg/>")
    (tmp_path / "posts").mkdir()
    (tmp_path / "posts" / "local.png").write_bytes(b"png")
    text = "Intro\n![A]({static}/images/there.svg) ![B]({static}/images/gone.svg)\n[C]({attach}local.png)\n"
    assert missing_static_links(text, tmp_path / "posts", tmp_path) == [(2, "{static}/images/gone.svg")]


def test_missing_image_warns_naming_the_post_and_line(tmp_path):
    content = minimal_content(tmp_path / "content")
    write(content / "posts" / "pictures.md", "Title: Pictures\nDate: 2026-01-02\n\nText.\n\n![A chart]({static}/images/chart.svg)\n")
    built = build_site(tmp_path / "out", content, PLUGINS=FOUNDATION)
    assert built.ok, built.stderr
    assert "pictures.md:6: {static}/images/chart.svg points to a file that does not exist" in built.stderr


def test_every_control_character_is_found_on_its_line_and_layout_characters_are_not():
    # splitlines() ends a line at these, so they are line breaks rather than hidden characters.
    line_breaks = {0x0B, 0x0C, 0x1C, 0x1D, 0x1E, 0x85}
    for code in [*range(0, 32), *range(127, 160)]:
        if chr(code) in "\t\n\r" or code in line_breaks:
            assert control_characters(f"Title: x\n\nbody {chr(code)} text\n") == [], hex(code)
        else:
            assert control_characters(f"Title: x\n\nbody {chr(code)} text\n") == [(3, f"U+{code:04X}")], hex(code)
    assert control_characters("plain text, accents é and dashes — only\n" * 50) == []
