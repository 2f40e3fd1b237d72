"""Bad conversation posts fail the build naming the file; odd but valid ones render safely."""

import json
import re
from collections import Counter

import pytest
from conversations.checks import dialogue_problems, interview_problems
from support import build_site, copy_sample_content, minimal_content, write

from service_voices.names import join_names
from service_voices.sources import front_matter_lines_of as front_matter_lines

FOUNDATION = ["content_checks", "author_profiles", "site_feeds", "site_discovery"]


def test_interview_problems():
    assert interview_problems("Ana Ruiz", 3) == []
    assert [p.level for p in interview_problems("", 3)] == ["error"]
    assert "Interviewee" in interview_problems("", 3)[0].message
    assert "Q: " in interview_problems("Ana Ruiz", 0)[0].message


def test_dialogue_problems():
    assert dialogue_problems(["Jenny", "Jeremy"], Counter(Jenny=2, Jeremy=1)) == []
    missing = dialogue_problems([], Counter())
    assert [p.level for p in missing] == ["error"] and "Speakers" in missing[0].message
    silent = dialogue_problems(["Jenny", "Jeremy"], Counter(Jenny=2))
    assert [(p.level, p.key) for p in silent] == [("warning", "speakers")] and "'Jeremy'" in silent[0].message
    assert dialogue_problems(["Jenny", "Jeremy"], Counter(Jenny=2), warn_silent=False) == []
    assert [p.level for p in dialogue_problems(["Jenny"], Counter())] == ["error"]


def test_helpers(tmp_path):
    assert join_names(["A"]) == "A" and join_names(["A", "B", "C"]) == "A, B and C"
    post = write(tmp_path / "p.md", "Title: T\nLayout: dialogue\n  continued\nSpeakers: A\n\nBody: not a key\n")
    assert front_matter_lines(post) == {"title": 1, "layout": 2, "speakers": 4}


@pytest.fixture(scope="module")
def bad_build(tmp_path_factory):
    root = tmp_path_factory.mktemp("conversations-bad")
    content = minimal_content(root / "content")
    posts = content / "posts"
    header = "Date: 2026-03-01 09:00\nAuthors: Jenny Park\nCategory: Craft\n"
    write(posts / "no-interviewee.md", f"Title: No interviewee\n{header}Layout: interview\n\nQ: Why?\n\nBecause.\n")
    write(posts / "no-questions.md",
          f"Title: No questions\n{header}Layout: interview\nInterviewee: Ana Ruiz\n\n- Q: in a list\n\nJust prose.\n")
    write(posts / "no-speakers.md", f"Title: No speakers\n{header}Layout: dialogue\n\nJenny: Hello.\n")
    write(posts / "no-turns.md",
          f"Title: No turns\n{header}Layout: dialogue\nSpeakers: Jenny, Jeremy\n\n> Jenny: quoted only.\n\nNote: prose.\n")
    write(posts / "silent-speaker.md",
          f"Title: Silent\n{header}Layout: dialogue\nSpeakers: Jenny, Jeremy\n\nJenny: Only me.\n")
    return build_site(root / "output", content=content, PLUGINS=FOUNDATION + ["conversations"])


def _lines(stream: str, level: str, name: str) -> list[str]:
    return [line for line in stream.splitlines() if line.startswith(f"{level}: ") and f"posts/{name}.md" in line]


def test_bad_posts_fail_the_build_and_keep_no_output(bad_build):
    assert bad_build.returncode != 0
    assert not (bad_build.output / "index.html").exists()
    assert "Traceback" not in bad_build.stderr + bad_build.stdout


@pytest.mark.parametrize("name, expected", [
    ("no-interviewee", r"content/posts/no-interviewee\.md:\d+: Layout: interview needs an 'Interviewee:' line"),
    ("no-questions", r"content/posts/no-questions\.md:\d+: Layout: interview has no questions"),
    ("no-speakers", r"content/posts/no-speakers\.md:\d+: Layout: dialogue needs a 'Speakers:' line"),
    ("no-turns", r"content/posts/no-turns\.md:\d+: Layout: dialogue has no turns"),
])
def test_each_error_names_its_file_once(bad_build, name, expected):
    errors = _lines(bad_build.stderr, "ERROR", name)
    assert len(errors) == 1, bad_build.stderr
    assert re.search(expected, errors[0]), errors[0]


def test_silent_speaker_is_a_warning_naming_the_speakers_line(bad_build):
    assert _lines(bad_build.stderr, "ERROR", "silent-speaker") == []
    warnings = _lines(bad_build.stderr, "WARNING", "silent-speaker")
    assert warnings == ["WARNING: content/posts/silent-speaker.md:6: speaker 'Jeremy' is listed in Speakers: "
                        "but never speaks"]


@pytest.fixture(scope="module")
def odd_build(tmp_path_factory):
    root = tmp_path_factory.mktemp("conversations-odd")
    content = minimal_content(root / "content")
    write(content / "posts" / "tricky-names.md", """
        Title: Q&A: "Quotes" & </script>
        Slug: tricky-names
        Date: 2026-03-02 09:00
        Authors: Zoë Ähnlich, José María
        Category: Craft
        Layout: interview
        Interviewee: Renée "R" </script> & Co
        Interviewer: Sam Lee

        Q: What about <em>raw</em> HTML & ampersands?

        Fine.
        """)
    write(content / "posts" / "no-layout.md", """
        Title: No layout
        Date: 2026-03-03 09:00
        Authors: Jenny Park
        Category: Craft
        Speakers: Jenny

        Q: Is this a question?

        Jenny: Is this a turn?
        """)
    return build_site(root / "output", content=content, PLUGINS=FOUNDATION + ["conversations"])


def test_names_and_titles_are_escaped_everywhere(odd_build):
    assert odd_build.ok, odd_build.stderr
    page = odd_build.html("posts/tricky-names/index.html")
    scripts = page.find_all("script", type="application/ld+json")
    assert all("</" not in script.string for script in scripts)
    post = next(d for d in map(json.loads, (s.string for s in scripts)) if d.get("@type") == "BlogPosting")
    assert post["headline"].startswith('Q&A: "Quotes" &')
    assert post["about"] == {"@type": "Person", "name": 'Renée "R" </script> & Co'}
    assert [a["name"] for a in post["author"]] == ["Zoë Ähnlich", "José María"]
    answer = page.select_one(".interview-answer")
    assert answer["data-speaker"] == 'Renée "R" </script> & Co'
    assert answer.b.get_text() == 'Renée "R" </script> & Co:'
    assert page.select_one(".conversation-meta").get_text(" ", strip=True) == \
        'Renée "R" </script> & Co in conversation with Sam Lee'


def test_post_without_layout_renders_as_an_ordinary_article(odd_build):
    page = odd_build.html("posts/no-layout/index.html")
    assert page.body["class"] == ["layout-article"]
    assert page.select("[data-speaker], .interview-question, .conversation-meta, nav.interview-contents") == []
    paragraphs = [p.get_text() for p in page.select(".post__body > p")]
    assert paragraphs == ["Q: Is this a question?", "Jenny: Is this a turn?"]


def test_sample_posts_render_as_plain_articles_with_the_plugin_off(tmp_path):
    built = build_site(tmp_path / "output", content=copy_sample_content(tmp_path / "content"), PLUGINS=FOUNDATION)
    assert built.ok, built.stderr
    page = built.html("posts/practitioner-interview-ana-ruiz/index.html")
    body = page.select_one(".post__body")
    assert page.select("[data-speaker], .interview-question, nav.interview-contents") == []
    assert any(p.get_text().startswith("Q: Which small things") for p in body.find_all("p"))
    assert 'conversations.css' not in str(page.head)
    dialogue = built.html("posts/making-it-stick/index.html").select_one(".post__body")
    assert dialogue.find("strong").get_text() == "Jeremy:"
