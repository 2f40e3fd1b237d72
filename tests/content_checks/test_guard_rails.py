"""Authoring guard rails: each mistake is one line naming file and line, and output/ survives it.

Every case builds a small site that first builds cleanly, then adds the faulty post
and builds again into the same output folder: the build must fail with exactly the
expected message and leave the last good site in place.
"""

import pytest
from support import add_thanks_page, build_site, minimal_content, write


def _good_site(tmp_path):
    content = minimal_content(tmp_path / "content")
    add_thanks_page(content)
    output = tmp_path / "output"
    first = build_site(output, content=content)
    assert first.ok, first.stderr
    return content, output


def _messages(built) -> list[str]:
    return [line for line in built.stderr.splitlines() if line.startswith(("ERROR:", "WARNING:"))]


def _fails_keeping_output(built, output):
    assert built.returncode == 1, built.stderr
    assert (output / "posts" / "hello" / "index.html").is_file(), "the last good output was lost"
    assert not (output / "posts" / "bad").exists()


@pytest.mark.parametrize("value", ["01/12/2026", "December", "1st December 2026", "2026-12-01 10am"])
def test_dates_in_other_forms_are_errors_quoting_the_value(tmp_path, value):
    content, output = _good_site(tmp_path)
    write(content / "posts" / "bad.md", f"Title: Bad\nDate: {value}\n\nText.\n")
    built = build_site(output, content=content)
    _fails_keeping_output(built, output)
    assert _messages(built) == [
        f"ERROR: content/posts/bad.md:2: Date {value!r} is not a date in the form YYYY-MM-DD "
        "(optionally followed by HH:MM, seconds and a timezone offset such as +02:00)"]


def test_documented_date_forms_build(tmp_path):
    content, output = _good_site(tmp_path)
    for number, value in enumerate(["2026-12-01", "2026-12-01 10:00", "2026-12-01 10:00:30",
                                    "2026-12-01T10:00+02:00", "2026-12-01 10:00:30 -0500"]):
        write(content / "posts" / f"fine-{number}.md", f"Title: Fine {number}\nDate: {value}\n\nText.\n")
    built = build_site(output, content=content)
    assert built.ok, built.stderr
    assert _messages(built) == []


def test_an_impossible_date_names_the_file_and_the_date_line(tmp_path):
    content, output = _good_site(tmp_path)
    write(content / "posts" / "bad.md", "Title: Bad\nTags: a\nDate: 2026-13-45\n\nText.\n")
    built = build_site(output, content=content)
    _fails_keeping_output(built, output)
    assert _messages(built) == ["ERROR: content/posts/bad.md:3: '2026-13-45' is not a valid date"]


@pytest.mark.parametrize("missing, header", [("Title", "Date: 2026-01-02\n"), ("Date", "Title: Bad\n")])
def test_a_missing_title_or_date_is_said_the_project_way(tmp_path, missing, header):
    content, output = _good_site(tmp_path)
    write(content / "posts" / "bad.md", f"{header}\nText.\n")
    built = build_site(output, content=content)
    _fails_keeping_output(built, output)
    assert _messages(built) == [
        f"ERROR: content/posts/bad.md:1: no {missing}: line in the front matter "
        "(every post needs Title: and Date:)"]
    assert all(str(tmp_path) not in message for message in _messages(built))


def test_a_malformed_header_line_is_an_error_at_its_line(tmp_path):
    content, output = _good_site(tmp_path)
    write(content / "posts" / "bad.md", "Title: Bad\nDate: 2026-01-02\nthese words are not a key\n"
                                        "Tags: lost, keys\n\nText.\n")
    built = build_site(output, content=content)
    _fails_keeping_output(built, output)
    assert _messages(built) == [
        "ERROR: content/posts/bad.md:3: front matter line 'these words are not a key' is not 'Key: value'; "
        "end the header with a blank line before the text, or indent a continued value"]


def test_a_continued_value_and_a_yaml_fenced_header_are_fine(tmp_path):
    content, output = _good_site(tmp_path)
    write(content / "posts" / "long.md", "Title: Long\nDate: 2026-01-02\nSummary: A summary that\n"
                                         "    goes on.\n\nText.\n")
    write(content / "posts" / "fenced.md", "---\nTitle: Fenced\nDate: 2026-01-03\n---\n\nText.\n")
    built = build_site(output, content=content)
    assert built.ok, built.stderr
    assert _messages(built) == []


def test_control_characters_are_errors_naming_the_line(tmp_path):
    content, output = _good_site(tmp_path)
    write(content / "posts" / "bad.md", "Title: Bad\nDate: 2026-01-02\n\nFine line.\n\nA \x1b[31mred\x1b[0m word.\n")
    built = build_site(output, content=content)
    _fails_keeping_output(built, output)
    assert _messages(built) == [
        "ERROR: content/posts/bad.md:6: control character U+001B in the text; "
        "delete it (it is invisible in most editors)"]


def test_a_missing_image_and_a_dead_link_are_each_reported_once(tmp_path):
    content, output = _good_site(tmp_path)
    write(content / "posts" / "links.md", "Title: Links\nDate: 2026-01-02\n\n![Chart]({static}/images/chart.png)\n\n"
                                          "See [the other post]({filename}/posts/gone.md).\n")
    built = build_site(output, content=content)
    assert built.ok, built.stderr
    assert _messages(built) == [
        "WARNING: content/posts/links.md:4: {static}/images/chart.png points to a file that does not exist",
        "WARNING: content/posts/links.md:6: {filename}/posts/gone.md points to a file that does not exist"]


def test_a_white_paper_without_summary_gives_only_its_own_errors_and_no_pdf(tmp_path):
    content, output = _good_site(tmp_path)
    write(content / "posts" / "bad.md", "Title: Paper\nDate: 2026-01-02\nLayout: whitepaper\n\n"
                                        "## Introduction\n\nText.\n\n## Findings\n\nMore.\n")
    built = build_site(output, content=content)
    _fails_keeping_output(built, output)
    assert _messages(built) == [
        "ERROR: content/posts/bad.md:1: a white paper needs an 'Authors:' line naming every co-author",
        "ERROR: content/posts/bad.md:1: a white paper needs a 'Summary:' line with its abstract"]


def test_strict_builds_fail_on_a_warning_and_keep_the_output(tmp_path):
    content, output = _good_site(tmp_path)
    write(content / "posts" / "bad.md", "Title: Bad\nDate: 2026-01-02\n\n![Chart]({static}/images/chart.png)\n")
    relaxed = build_site(tmp_path / "relaxed", content=content)
    assert relaxed.ok, relaxed.stderr
    built = build_site(output, content=content, BUILD_STRICT=True)
    _fails_keeping_output(built, output)
    assert _messages(built) == [
        "WARNING: content/posts/bad.md:4: {static}/images/chart.png points to a file that does not exist",
        "ERROR: strict build: 1 warning(s) count as errors"]
