"""`invoke serve` rebuilds only what changed; its output must be what a clean build gives.

A serve session (the same code `invoke serve` runs, in a process of its own) builds
the sample site, then a seeded random sequence of edits is saved step by step. After
each step the session rebuilds and a clean build of the same content is made in a
fresh process; every output file must match. Email messages are compared as a mail
client reads them: their MIME boundaries are random on every build.
"""

import email
import email.policy
import json
import os
import random
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from serve_session_driver import ANSWER
from support import PYTHON, ROOT, build_site, copy_sample_content, write

pytestmark = pytest.mark.slow

DRIVER = Path(__file__).resolve().parents[1] / "helpers" / "serve_session_driver.py"
SEED = int(os.environ.get("INCREMENTAL_SEED", "18"))
# PDFs are rendered by WeasyPrint and compared elsewhere; here they would only add minutes.
SETTINGS = {"WHITEPAPER_PDF": False}


class Session:
    """The serve session in its own process; ``rebuild()`` is one save."""

    def __init__(self, content: Path, output: Path, cache: Path, settings: Path = ROOT / "pelicanconf.py"):
        overrides = {**SETTINGS, "PATH": str(content)}
        self.process = subprocess.Popen(
            [PYTHON, str(DRIVER), str(settings), str(output), str(cache), json.dumps(overrides)],
            cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def rebuild(self) -> dict:
        self.process.stdin.write("saved\n")
        self.process.stdin.flush()
        for line in self.process.stdout:
            if line.startswith(ANSWER):
                return json.loads(line.removeprefix(ANSWER))
        raise AssertionError(f"serve session died:\n{self.process.stderr.read()}")

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=60)


@pytest.fixture
def session(tmp_path):
    content = copy_sample_content(tmp_path / "content")
    running = Session(content, tmp_path / "output", tmp_path / "serve-cache")
    yield running, content, tmp_path
    running.close()


@pytest.fixture
def own_settings_and_theme(tmp_path):
    """A settings file and a theme of the test's own, both safe to edit."""
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    settings = tmp_path / "siteconf.py"
    settings.write_text(
        f"exec(open({str(ROOT / 'pelicanconf.py')!r}, encoding='utf-8').read())\n"
        f"THEME = {str(theme)!r}\nPLUGIN_PATHS = [{str(ROOT / 'plugins')!r}]\n", encoding="utf-8")
    content = copy_sample_content(tmp_path / "content")
    running = Session(content, tmp_path / "output", tmp_path / "serve-cache", settings)
    yield running, content, settings, theme
    running.close()


def _files(root: Path) -> dict[str, Path]:
    return {str(path.relative_to(root)): path for path in root.rglob("*") if path.is_file()}


def _message_parts(path: Path) -> list:
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    parts = []
    for part in message.walk():
        headers = [(name, value) for name, value in part.items() if name.lower() != "content-type"]
        parts.append((part.get_content_type(), headers, None if part.is_multipart() else part.get_content()))
    return parts


def _differences(incremental: Path, clean: Path) -> list[str]:
    mine, theirs = _files(incremental), _files(clean)
    found = [f"only in the incremental output: {name}" for name in sorted(mine.keys() - theirs.keys())]
    found += [f"missing from the incremental output: {name}" for name in sorted(theirs.keys() - mine.keys())]
    for name in sorted(mine.keys() & theirs.keys()):
        if name.endswith(".eml"):
            same = _message_parts(mine[name]) == _message_parts(theirs[name])
        else:
            same = mine[name].read_bytes() == theirs[name].read_bytes()
        if not same:
            found.append(f"differs: {name}")
    return found


# Each edit is a small, valid change an author makes while previewing.
def _set_header(path: Path, key: str, value: str | None) -> None:
    header, _, body = path.read_text(encoding="utf-8").partition("\n\n")
    lines = [line for line in header.splitlines() if not re.match(rf"{key}\s*:", line, re.IGNORECASE)]
    if value is not None:
        lines.append(f"{key}: {value}")
    path.write_text("\n".join(lines) + "\n\n" + body, encoding="utf-8")


def _posts(content: Path) -> list[Path]:
    return sorted((content / "posts").glob("*.md"))


def edit_body(content, rng, step):
    post = rng.choice(_posts(content))
    with post.open("a", encoding="utf-8") as handle:
        handle.write(f"\nA paragraph added at step {step}, about queues and patience.\n")


def edit_title(content, rng, step):
    _set_header(rng.choice(_posts(content)), "Title", f"A Retitled Post, Take {step}")


def edit_date(content, rng, step):
    _set_header(rng.choice(_posts(content)), "Date", f"2026-0{rng.randint(1, 9)}-1{rng.randint(0, 9)} 10:00")


def edit_tags(content, rng, step):
    _set_header(rng.choice(_posts(content)), "Tags", rng.choice(["tone, queues", "empathy", f"step-{step}, tone"]))


def edit_series_index(content, rng, step):
    post = content / "posts" / "the-5-ws-2-what.md"
    _set_header(post, "Series_index", str(rng.choice([2, 3, 5])))


def edit_status(content, rng, step):
    post = content / "posts" / "why-we-stopped-measuring-handle-time.md"
    drafted = "Status: draft" in post.read_text(encoding="utf-8")
    _set_header(post, "Status", None if drafted else "draft")


def new_post(content, rng, step):
    write(content / "posts" / f"new-post-{step}.md", f"""
        Title: New Post {step}
        Date: 2026-11-2{step % 10} 08:00
        Authors: Jenny Park
        Category: Craft
        Tags: tone, step-{step}

        A new post written while the preview was running.
        """)


def delete_post(content, rng, step):
    candidates = [post for post in _posts(content) if post.stem.startswith(("new-post-", "writing-macros"))]
    if candidates:
        rng.choice(candidates).unlink()


def edit_author(content, rng, step):
    _set_header(content / "authors" / "lee-okafor.md", "Role", f"Support Operations Lead (step {step})")


def edit_newsletter(content, rng, step):
    issue = content / "newsletter" / "november-2026.md"
    _set_header(issue, "Preheader", f"Saying no kindly, revised at step {step}.")


EDITS = [edit_body, edit_title, edit_date, edit_tags, edit_series_index, edit_status, new_post, delete_post,
         edit_author, edit_newsletter]


def test_every_step_of_a_random_edit_sequence_matches_a_clean_build(session):
    running, content, tmp = session
    first = running.rebuild()
    assert first["ok"] and first["kind"] == "full", first

    rng = random.Random(SEED)
    # Every kind of edit at least once, in a random order, two saves' worth per rebuild
    # (an editor that saves several files at once), and the status toggled back.
    plan = rng.sample(EDITS, len(EDITS)) + [edit_status]
    steps = [plan[index:index + 2] for index in range(0, len(plan), 2)]
    for number, edits in enumerate(steps, start=1):
        for edit in edits:
            edit(content, rng, number)
        done = running.rebuild()
        names = ", ".join(edit.__name__ for edit in edits)
        clean = build_site(tmp / f"clean-{number}", content, **SETTINGS)
        assert done["ok"] == clean.ok, f"step {number} ({names}), seed {SEED}: {done}\n{clean.stderr}"
        assert done["kind"] == "incremental", done
        differences = _differences(tmp / "output", clean.output)
        assert differences == [], f"step {number} ({names}), seed {SEED}:\n" + "\n".join(differences)


def edit_opening(content, rng, step):
    """A new first sentence: the summary on every list that shows the post changes."""
    post = rng.choice(_posts(content))
    header, _, body = post.read_text(encoding="utf-8").partition("\n\n")
    post.write_text(f"{header}\n\nOpening rewritten at step {step}. {body}", encoding="utf-8")


def edit_length(content, rng, step):
    """Some hundreds of words more: the reading time shown beside the post changes."""
    post = rng.choice(_posts(content))
    with post.open("a", encoding="utf-8") as handle:
        handle.write("\n" + " ".join(["Patience keeps the queue honest."] * rng.randint(60, 120)) + "\n")


def _pages_rendered_and_reused(done: dict) -> tuple[int, int]:
    """From the log line: how many pages were rendered, and how many taken from the served site."""
    found = re.search(r"(\d+) page\(s\) rendered, (\d+) unchanged", done["reason"])
    return tuple(map(int, found.groups())) if found else (-1, 0)


def _edit_rebuild_and_compare(running, content, tmp, rng, number, edits) -> dict:
    for edit in edits:
        edit(content, rng, number)
    done = running.rebuild()
    names = ", ".join(edit.__name__ for edit in edits)
    assert done["ok"] and done["kind"] == "incremental", done
    clean = build_site(tmp / f"clean-{number}", content, **SETTINGS)
    differences = _differences(tmp / "output", clean.output)
    assert differences == [], f"step {number} ({names}), seed {SEED}:\n" + "\n".join(differences)
    return done


def test_text_edits_render_only_the_pages_that_show_the_post_and_match_a_clean_build(session):
    running, content, tmp = session
    assert running.rebuild()["kind"] == "full"
    rng = random.Random(SEED)
    for number in range(1, 7):
        edits = [rng.choice([edit_body, edit_opening, edit_length]) for _ in range(rng.randint(1, 2))]
        done = _edit_rebuild_and_compare(running, content, tmp, rng, number, edits)
        rendered, reused = _pages_rendered_and_reused(done)
        assert rendered > 0 and reused > 0, done


# Edits the fingerprints see into; author profiles and newsletter issues render every page.
METADATA_EDITS = [edit_title, edit_date, edit_tags, edit_series_index, edit_status, new_post, delete_post]


def test_each_metadata_edit_alone_renders_only_some_pages_and_matches_a_clean_build(session):
    running, content, tmp = session
    assert running.rebuild()["kind"] == "full"
    rng = random.Random(SEED)
    plan = rng.sample(METADATA_EDITS, len(METADATA_EDITS)) + [edit_status, new_post, edit_title]
    reused_at = []
    for number, edit in enumerate(plan, start=1):
        done = _edit_rebuild_and_compare(running, content, tmp, rng, number, [edit])
        reused_at.append(_pages_rendered_and_reused(done)[1])
    # Every page's navigation reads the list of all series, so a series post's metadata
    # renders every page; a post outside a series (new ones are) renders only some.
    assert any(reused_at), reused_at


def test_a_template_or_settings_change_is_a_full_rebuild_said_in_the_log(own_settings_and_theme):
    running, content, settings, theme = own_settings_and_theme
    assert running.rebuild()["ok"]
    edit_body(content, random.Random(1), 1)
    assert running.rebuild()["kind"] == "incremental"

    template = theme / "templates" / "base.html"
    template.write_text(template.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    done = running.rebuild()
    assert done["ok"] and done["kind"] == "full", done
    assert "base.html changed" in done["log"]

    with settings.open("a", encoding="utf-8") as handle:
        handle.write("DEFAULT_PAGINATION = 4\n")
    done = running.rebuild()
    assert done["ok"] and done["kind"] == "full", done
    assert "siteconf.py changed" in done["log"]
    assert running.rebuild()["kind"] == "incremental"


def test_a_failed_rebuild_keeps_the_last_good_output_and_recovers(session):
    running, content, tmp = session
    assert running.rebuild()["ok"]
    page = tmp / "output" / "posts" / "the-5-ws-1-who" / "index.html"
    before = page.read_bytes()

    post = content / "posts" / "the-5-ws-1-who.md"
    good = post.read_text(encoding="utf-8")
    post.write_text(good.replace("Date: 2026-11-11 09:00", "Date: 11/11/2026"), encoding="utf-8")
    failed = running.rebuild()
    assert not failed["ok"] and "FAILED" in failed["log"]
    assert page.read_bytes() == before

    post.write_text(good + "\nFixed and saved again.\n", encoding="utf-8")
    fixed = running.rebuild()
    assert fixed["ok"], fixed
    assert "Fixed and saved again." in page.read_text(encoding="utf-8")

