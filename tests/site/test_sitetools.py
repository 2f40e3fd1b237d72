"""The commands behind tasks.py: new-post skeletons, safe builds, clean."""

import datetime as dt
import subprocess

import pytest
from support import PYTHON, ROOT, build_site, minimal_content

from service_voices.site.build import build
from service_voices.site.newpost import LAYOUTS, skeleton, slugify, write_new_post


def test_slugify_handles_accents_and_punctuation():
    assert slugify("Zoë's “Quick” Guide: 5 W's!") == "zoes-quick-guide-5-ws"
    assert slugify("!!!") == "untitled"


@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_skeleton_builds_as_a_post(tmp_path, layout):
    content = minimal_content(tmp_path / "content")
    path = write_new_post(content / "posts", f"A {layout} draft", layout, "Jenny Park", dt.date(2026, 11, 22))
    text = path.read_text(encoding="utf-8")
    assert "Date: 2026-11-22" in text and "Status: draft" in text
    if layout != "article":
        assert f"Layout: {layout}" in text
    # Publish it (drop the draft line) and build with every configured plugin.
    path.write_text(text.replace("Status: draft\n", ""), encoding="utf-8")
    built = build_site(tmp_path / "out", content)
    assert built.ok, built.stderr
    assert (built.output / "posts" / slugify(f"A {layout} draft") / "index.html").is_file()


def test_skeletons_carry_the_layout_markers():
    interview = skeleton("T", "interview", "A", dt.date(2026, 1, 1))
    assert "Interviewee:" in interview and "\nQ: " in interview
    dialogue = skeleton("T", "dialogue", "A", dt.date(2026, 1, 1))
    assert "Speakers: Jenny, Jeremy" in dialogue and "\nJenny: " in dialogue
    with pytest.raises(ValueError):
        skeleton("T", "podcast", "A", dt.date(2026, 1, 1))


def test_new_post_never_overwrites(tmp_path):
    write_new_post(tmp_path, "Same title", "article", "A", dt.date(2026, 1, 1))
    with pytest.raises(FileExistsError):
        write_new_post(tmp_path, "Same title", "article", "A", dt.date(2026, 1, 1))


def test_invoke_new_refuses_an_unknown_layout():
    done = subprocess.run([str(ROOT / ".venv" / "bin" / "invoke"), "new", "--layout", "podcast", "X"],
                          cwd=ROOT, capture_output=True, text=True)
    assert done.returncode != 0
    assert "Unknown layout 'podcast'" in done.stderr + done.stdout
    assert "Traceback" not in done.stderr


def test_failed_build_keeps_the_previous_output_in_process(tmp_path):
    content = minimal_content(tmp_path / "content")
    output = tmp_path / "output"
    assert build(ROOT / "pelicanconf.py", output, {"PATH": str(content), "PLUGINS": ["content_checks"]}).ok
    before = sorted(p.relative_to(output) for p in output.rglob("*"))
    (content / "posts" / "broken.md").write_text("Title: X\nDate: never\n\nText\n", encoding="utf-8")
    result = build(ROOT / "pelicanconf.py", output, {"PATH": str(content), "PLUGINS": ["content_checks"]})
    assert not result.ok and "broken.md" in result.errors[0]
    assert sorted(p.relative_to(output) for p in output.rglob("*")) == before


def test_build_cli_reports_a_missing_settings_file(tmp_path):
    done = subprocess.run([PYTHON, "-m", "service_voices.site.build", "--settings", str(tmp_path / "nope.py")],
                          cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 2 and "settings file not found" in done.stderr


def test_invoke_new_does_not_take_an_option_for_a_title():
    before = sorted((ROOT / "content" / "posts").iterdir())
    done = subprocess.run([str(ROOT / ".venv" / "bin" / "invoke"), "new", "--help"],
                          cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 2 and "looks like an option" in done.stderr
    assert sorted((ROOT / "content" / "posts").iterdir()) == before
