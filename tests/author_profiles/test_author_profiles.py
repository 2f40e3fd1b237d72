from author_profiles import profile_from_metadata
from support import build_site, minimal_content, write


def test_profile_strips_static_prefix_from_photo():
    profile = profile_from_metadata({"name": "Ann", "photo": "{static}/images/a.svg", "role": "Lead"}, "<p>Bio</p>", "a.md")
    assert profile.photo == "images/a.svg" and profile.has_bio


def test_profile_without_name_is_rejected():
    assert profile_from_metadata({"role": "Lead"}, "", "a.md") is None


def test_profile_file_without_name_is_an_error_naming_it(tmp_path):
    content = minimal_content(tmp_path / "content")
    write(content / "authors" / "nobody.md", "Role: Lead\n\nA bio.\n")
    built = build_site(tmp_path / "out", content, PLUGINS=["author_profiles"])
    assert built.returncode == 1
    assert "nobody.md: author profile has no 'Name:' line" in built.stderr


def test_author_page_renders_without_a_profile(tmp_path):
    content = minimal_content(tmp_path / "content")
    built = build_site(tmp_path / "out", content, PLUGINS=["author_profiles"])
    assert built.ok, built.stderr
    page = built.html("authors/jenny-park/index.html")
    assert page.find("h1").get_text() == "Jenny Park"
    assert not page.find("img", class_="author-intro__photo")
