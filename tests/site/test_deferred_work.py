"""Work left until a build's pages are served: the search index under `invoke serve`."""

import json
import subprocess
import textwrap

from support import PYTHON, ROOT, build_site, copy_sample_content

from service_voices.site.deferred_work import DeferredWork


def _files(root):
    return {str(path.relative_to(root)): path.read_bytes() for path in root.rglob("*") if path.is_file()}


def test_a_folder_is_carried_over_until_the_work_replaces_it(tmp_path):
    served, staging = tmp_path / "served", tmp_path / "staging"
    (served / "index-folder").mkdir(parents=True)
    (served / "index-folder" / "entry.json").write_text('{"old": true}', encoding="utf-8")
    staging.mkdir()
    deferred = DeferredWork()

    def rewrite(site, into):
        (site / into / "entry.json").write_text('{"old": false}', encoding="utf-8")

    deferred.add("index-folder", rewrite)
    deferred.carry_over(served, staging)
    assert (staging / "index-folder" / "entry.json").read_text(encoding="utf-8") == '{"old": true}'
    [line] = deferred.run(staging)
    assert line.startswith("index-folder/ updated in ")
    assert json.loads((staging / "index-folder" / "entry.json").read_text(encoding="utf-8")) == {"old": False}
    # The served copy was linked, never written through.
    assert (served / "index-folder" / "entry.json").read_text(encoding="utf-8") == '{"old": true}'
    assert sorted(path.name for path in staging.iterdir()) == ["index-folder"]


def test_failed_work_keeps_the_folder_it_had_and_says_why(tmp_path):
    (tmp_path / "pagefind").mkdir()
    (tmp_path / "pagefind" / "kept.json").write_text("{}", encoding="utf-8")
    deferred = DeferredWork()
    deferred.add("pagefind", lambda site, into: "pagefind exited with 3: cannot read the site")
    assert deferred.run(tmp_path) == ["pagefind/ not updated: pagefind exited with 3: cannot read the site"]
    assert sorted(path.name for path in tmp_path.iterdir()) == ["pagefind"]
    assert (tmp_path / "pagefind" / "kept.json").is_file()


SESSION = textwrap.dedent("""
    import json, sys
    from pathlib import Path
    from service_voices.site.serve_session import ServeSession
    content, output = Path(sys.argv[1]), Path(sys.argv[2])
    session = ServeSession("pelicanconf.py", output, {"PATH": str(content), "WHITEPAPER_PDF": False},
                           cache=output.parent / "serve-cache", stream=sys.stderr)
    session.rebuild(); session.settle()
    before = (output / "pagefind" / "pagefind-entry.json").read_bytes()
    post = content / "posts" / "making-it-stick.md"
    post.write_text(post.read_text(encoding="utf-8") + "\\nA zebrafish joined the queue.\\n", encoding="utf-8")
    session.rebuild()
    page = (output / "posts" / "making-it-stick" / "index.html").read_text(encoding="utf-8")
    carried = (output / "pagefind" / "pagefind-entry.json").is_file()
    session.settle()
    print(json.dumps({"page_has_edit": "zebrafish" in page, "index_there_meanwhile": carried,
                      "index_changed": before != (output / "pagefind" / "pagefind-entry.json").read_bytes()}))
""")


def test_under_serve_the_page_comes_first_and_the_index_catches_up_to_a_clean_build(tmp_path):
    content = copy_sample_content(tmp_path / "content")
    done = subprocess.run([PYTHON, "-c", SESSION, str(content), str(tmp_path / "output")], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen == {"page_has_edit": True, "index_there_meanwhile": True, "index_changed": True}
    assert "pagefind/ updated in" in done.stderr
    clean = build_site(tmp_path / "clean", content, WHITEPAPER_PDF=False)
    assert clean.ok, clean.stderr
    assert _files(tmp_path / "output" / "pagefind") == _files(clean.output / "pagefind")
