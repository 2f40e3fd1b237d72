"""A byline name without a profile is a warning that names the profile probably meant."""

import shutil

from author_profiles.profiles import closest_profile, unknown_byline_names
from support import SAMPLE_CONTENT, add_thanks_page, build_site, minimal_content, write

PROFILES = ["Jenny Park", "Jeremy Cole", "Dana Brooks", "Lee Okafor"]


def test_closest_profile_finds_typos_case_and_nothing_for_strangers():
    assert closest_profile("Jenny Parks", PROFILES) == "Jenny Park"
    assert closest_profile("jeremy cole", PROFILES) == "Jeremy Cole"
    assert closest_profile("Jermey Cole", PROFILES) == "Jeremy Cole"
    assert closest_profile("Ana Ruiz", PROFILES) is None
    assert unknown_byline_names(["Jenny Park", "Jenny Parks"], PROFILES) == [("Jenny Parks", "Jenny Park")]


def _site(tmp_path):
    content = minimal_content(tmp_path / "content")
    shutil.copytree(SAMPLE_CONTENT / "authors", content / "authors")
    add_thanks_page(content)
    write(content / "posts" / "typo.md", "Title: Typo\nDate: 2026-01-02\nCategory: Craft\n"
                                         "Authors: Jenny Parks, Jeremy Cole\n\nText.\n")
    return content


def test_a_near_miss_byline_warns_with_the_fix(tmp_path):
    built = build_site(tmp_path / "output", content=_site(tmp_path))
    assert built.ok, built.stderr
    warnings = [line for line in built.stderr.splitlines() if line.startswith("WARNING")]
    assert warnings == ["WARNING: content/posts/typo.md:4: author 'Jenny Parks' has no profile; "
                        "did you mean 'Jenny Park'?"]


def test_a_site_can_require_profiles(tmp_path):
    built = build_site(tmp_path / "output", content=_site(tmp_path), AUTHOR_PROFILES_REQUIRED=True)
    assert built.returncode == 1
    assert ("ERROR: content/posts/typo.md:4: author 'Jenny Parks' has no profile; did you mean 'Jenny Park'?"
            in built.stderr.splitlines())
    assert not (tmp_path / "output").exists()
