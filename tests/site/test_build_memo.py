"""Results a serve session's build hands to the next: reused for the same key, let go
when a build no longer asks, and never a reason to skip a message."""

import copy
import json
import pickle
import subprocess
import textwrap

from support import PYTHON, ROOT, minimal_content, write

from service_voices.site.build_memo import BUILD_MEMO_SETTING, BuildMemo, memoized, text_key


def test_the_next_build_reuses_a_result_for_the_same_key():
    memo, made = BuildMemo(), []

    def count(text):
        made.append(text)
        return len(text.split())

    settings = {BUILD_MEMO_SETTING: memo}
    for text in ("two words", "three words here"):
        memo.start_build()
        assert memoized(settings, "words", text_key("two words"), lambda: count("two words")) == 2
        assert memoized(settings, "words", text_key(text), lambda t=text: count(t)) == len(text.split())
    assert made == ["two words", "three words here"], "an unchanged text is counted once"


def test_a_result_no_build_asked_for_is_let_go():
    memo, made = BuildMemo(), []
    memo.start_build()
    memo.get_or_make("words", "a", lambda: made.append("a") or 1)
    memo.start_build()  # this build does not ask for "a"
    memo.get_or_make("words", "b", lambda: made.append("b") or 2)
    memo.start_build()
    memo.get_or_make("words", "a", lambda: made.append("a") or 1)
    assert made == ["a", "b", "a"]
    memo.forget()
    memo.get_or_make("words", "b", lambda: made.append("b") or 2)
    assert made[-1] == "b"


def test_without_a_memo_every_build_makes_its_result():
    made = []
    for _ in range(2):
        assert memoized({}, "words", "key", lambda: made.append(1) or 5) == 5
    assert made == [1, 1]


def test_copies_share_the_memo_and_pickles_carry_no_results():
    memo = BuildMemo()
    memo.get_or_make("words", "a", lambda: 1)
    assert copy.deepcopy({"memo": memo})["memo"] is memo
    again = pickle.loads(pickle.dumps(memo))
    assert again.get_or_make("words", "a", lambda: 7) == 7


SESSION = textwrap.dedent("""
    import io, json, sys
    from pathlib import Path
    from service_voices.site.serve_session import ServeSession
    content, output = Path(sys.argv[1]), Path(sys.argv[2])
    log = io.StringIO()
    session = ServeSession("pelicanconf.py", output, {"PATH": str(content), "WHITEPAPER_PDF": False,
                           "PLUGINS": ["content_checks", "reading_aids"]},
                           cache=output.parent / "serve-cache", stream=log)
    first = session.rebuild()
    # The bad file arrives in a session that has a good build, so the rebuilds after
    # it are incremental and its checks come from the memo the second time.
    (content / "posts" / "bad.md").write_text(sys.argv[3], encoding="utf-8")
    second = session.rebuild()
    other = content / "posts" / "other.md"
    other.write_text(other.read_text(encoding="utf-8") + "\\nMore words.\\n", encoding="utf-8")
    third = session.rebuild()
    print(json.dumps({"ok": [first.ok, second.ok, third.ok], "kinds": [second.kind, third.kind],
                      "lines": [line for line in log.getvalue().splitlines() if "bad.md" in line]}))
""")


def test_under_serve_a_remembered_problem_is_reported_on_every_rebuild(tmp_path):
    content = minimal_content(tmp_path / "content")
    write(content / "posts" / "other.md", "Title: Other\nDate: 2026-01-07\n\nSome words.\n")
    bad = "Title: Bad\nDate: 2026-01-08\nLayout: intreview\n\nText.\n"
    done = subprocess.run([PYTHON, "-c", SESSION, str(content), str(tmp_path / "output"), bad], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["ok"] == [True, False, False] and seen["kinds"] == ["incremental", "incremental"]
    assert len(seen["lines"]) == 2 and seen["lines"][0] == seen["lines"][1]
    assert seen["lines"][0].startswith("ERROR: content/posts/bad.md:3: ")
