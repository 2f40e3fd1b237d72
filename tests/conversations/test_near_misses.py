"""Near misses: markers that would put words under the wrong name are warned about, with the fix."""

from conversations.near_misses import dialogue_near_misses, interview_near_misses
from support import add_thanks_page, build_site, minimal_content, write

DIALOGUE = """Title: Two voices
Date: 2026-01-02
Layout: dialogue
Speakers: Jenny, Jeremy

Jenny: We should talk about refunds.

jeremy: Lower case, so not a turn.

Jermey: Two letters swapped.

Jeremy Cole: A first name with a surname.

Note: an ordinary labelled paragraph, left alone.

```
Jermey: inside code, left alone
```

Jeremy: A real turn.
"""

INTERVIEW = """Title: An interview
Date: 2026-01-02
Layout: interview
Interviewee: Ana Ruiz

Q: How did you start?

A: On the night shift.

A: A second answer paragraph with a marker.

- Q: A question hidden in a list.

Q: A question with no answer?

Q: The last question?

The last answer.
"""


def test_dialogue_near_misses_name_the_speaker_probably_meant():
    found = dialogue_near_misses(DIALOGUE, ["Jenny", "Jeremy"])
    assert [(line, message.split("'")[1], message.split("'")[3]) for line, message in found] == [
        (8, "jeremy:", "Jeremy:"), (10, "Jermey:", "Jeremy:"), (12, "Jeremy Cole:", "Jeremy:")]


def test_interview_near_misses():
    found = dict(interview_near_misses(INTERVIEW))
    assert sorted(found) == [10, 12, 14]
    assert found[10].startswith("A: on a later answer paragraph")
    assert found[12].startswith("a Q:/A: marker inside a list item")
    assert found[14] == "this question has no answer before the next question"


def _site(tmp_path):
    content = minimal_content(tmp_path / "content")
    add_thanks_page(content)
    write(content / "posts" / "two-voices.md", DIALOGUE)
    return content


def test_a_build_warns_at_each_line_and_strict_mode_refuses(tmp_path):
    content = _site(tmp_path)
    built = build_site(tmp_path / "output", content=content)
    assert built.ok, built.stderr
    warnings = [line for line in built.stderr.splitlines() if line.startswith("WARNING")]
    assert warnings == [
        "WARNING: content/posts/two-voices.md:8: 'jeremy:' is not a declared speaker, so this paragraph "
        "joins the previous turn; did you mean 'Jeremy:'? (labels must match Speakers: exactly)",
        "WARNING: content/posts/two-voices.md:10: 'Jermey:' is not a declared speaker, so this paragraph "
        "joins the previous turn; did you mean 'Jeremy:'? (labels must match Speakers: exactly)",
        "WARNING: content/posts/two-voices.md:12: 'Jeremy Cole:' is not a declared speaker, so this paragraph "
        "joins the previous turn; did you mean 'Jeremy:'? (labels must match Speakers: exactly)"]
    strict = build_site(tmp_path / "strict", content=content, BUILD_STRICT=True)
    assert strict.returncode == 1 and not (tmp_path / "strict").exists()
