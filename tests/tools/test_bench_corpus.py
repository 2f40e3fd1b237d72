"""The synthetic benchmark corpus: deterministic, and written in the authoring formats."""

import re
from pathlib import Path

import pytest
from content_checks.checks import read_front_matter

from tools.benchmarks import corpus


def _files(root: Path) -> dict[str, bytes]:
    return {str(path.relative_to(root)): path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file()}


def _header(path: Path) -> dict[str, str]:
    return {key: value for key, (_, value) in read_front_matter(path).items()}


def _body(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    return text.split("\n\n")[1:]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("corpus") / "content"
    return corpus.generate(root, posts=300, seed=7)


@pytest.fixture(scope="module")
def posts(site):
    return {path: _header(path) for path in sorted((site.root / "posts").rglob("*.md"))}


def test_same_seed_gives_the_same_bytes_and_another_seed_does_not(tmp_path):
    first = corpus.generate(tmp_path / "a", posts=60, seed=11)
    again = corpus.generate(tmp_path / "b", posts=60, seed=11)
    other = corpus.generate(tmp_path / "c", posts=60, seed=12)
    assert _files(first.root) == _files(again.root)
    assert first.as_dict() == again.as_dict()
    assert _files(first.root) != _files(other.root)


def test_writes_the_requested_number_of_posts_with_the_site_mix(site, posts):
    assert len(posts) == 300
    kinds = site.as_dict()["kinds"]
    assert sum(kinds.values()) == 300
    assert set(kinds) == {"plain", "interview", "dialogue", "transcript", "series_part", "whitepaper"}
    assert kinds["plain"] > kinds["series_part"] > kinds["interview"] > kinds["whitepaper"] >= 1
    layouts = [header.get("layout", "article") for header in posts.values()]
    assert layouts.count("interview") == kinds["interview"]
    assert layouts.count("dialogue") == kinds["dialogue"] + kinds["transcript"]
    assert layouts.count("whitepaper") == kinds["whitepaper"]
    assert site.co_authored == sum("," in header["authors"] for header in posts.values())
    assert site.drafts == sum(header.get("status") == "draft" for header in posts.values())
    slugs = [header["slug"] for header in posts.values()]
    assert len(slugs) == len(set(slugs))


def test_interviews_have_an_interviewee_and_questions(posts):
    interviews = [path for path, header in posts.items() if header.get("layout") == "interview"]
    assert interviews
    for path in interviews:
        assert posts[path]["interviewee"]
        questions = [block for block in _body(path) if block.startswith("Q: ")]
        assert len(questions) >= 4, path
        assert "---" in _body(path)


def test_every_declared_speaker_opens_a_turn(posts):
    dialogues = [path for path, header in posts.items() if header.get("layout") == "dialogue"]
    handles = 0
    for path in dialogues:
        speakers = [name.strip() for name in posts[path]["speakers"].split(",")]
        assert len(speakers) >= 2
        handles += all(re.fullmatch(r"[a-z_]+", name) for name in speakers)
        openings = {re.match(r"(?:\*\*)?([^:*]+):", block).group(1)
                    for block in _body(path) if re.match(r"(?:\*\*)?([^:*\s][^:*]*):", block)}
        assert set(speakers) <= openings, path
    assert handles, "no Twitter/X transcript (a dialogue between handles) was written"


def test_series_have_two_to_twelve_parts_with_and_without_indexes(site, posts):
    parts: dict[str, list[dict]] = {}
    for header in posts.values():
        if "series" in header:
            parts.setdefault(header["series"], []).append(header)
    assert parts and parts == {name: parts[name] for name in site.series}
    assert all(2 <= len(members) <= 12 for members in parts.values())
    indexed = [sum("series_index" in header for header in members) for members in parts.values()]
    assert any(count == 0 for count in indexed), "no series without Series_index"
    assert any(count == len(members) for count, members in zip(indexed, parts.values()))


def test_white_papers_name_several_authors_and_a_summary(posts):
    papers = [header for header in posts.values() if header.get("layout") == "whitepaper"]
    assert papers
    for header in papers:
        assert len(header["authors"].split(",")) >= 2
        assert header["summary"]


def test_every_author_has_a_profile_and_newsletter_issues_name_real_posts(site, posts):
    profiles = {_header(path)["name"] for path in (site.root / "authors").glob("*.md")}
    named = {name.strip() for header in posts.values() for name in header["authors"].split(",")}
    assert named <= profiles
    published = {header["slug"] for header in posts.values() if header.get("status") not in ("draft", "hidden")}
    issues = sorted((site.root / "newsletter").glob("*.md"))
    assert len(issues) == site.newsletter_issues >= 10
    for path in issues:
        header = _header(path)
        assert header["title"] and header["date"] and header["preheader"]
        if "articles" in header:
            assert {slug.strip() for slug in header["articles"].split(",")} <= published


def test_editing_a_post_changes_only_that_file(tmp_path):
    site = corpus.generate(tmp_path / "site", posts=30)
    before = _files(site.root)
    corpus.edit_post(site.post_paths[3], revision=1)
    after = _files(site.root)
    changed = [name for name in before if before[name] != after[name]]
    assert changed == [str(site.post_paths[3].relative_to(site.root))]
