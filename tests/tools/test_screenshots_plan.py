"""`invoke screenshots`: which files it writes for the key pages."""

from tools.screenshots.shots import planned_shots


def test_every_page_at_two_widths_in_both_schemes():
    shots = planned_shots({"home": "", "white paper": "posts/paper/", "newsletter web version": None})
    assert [shot.file_name for shot in shots] == [
        "home-375-light.png", "home-375-dark.png", "home-1280-light.png", "home-1280-dark.png",
        "white-paper-375-light.png", "white-paper-375-dark.png", "white-paper-1280-light.png",
        "white-paper-1280-dark.png",
    ]
    assert {shot.path for shot in shots} == {"", "posts/paper/"}
