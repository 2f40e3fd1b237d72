"""Series numbers mean what the author wrote: an explicit Series_index is the part number."""

import json

from series.navigation import Slot, assign_numbers, series_slots
from support import add_thanks_page, build_site, minimal_content, write


def test_numbers_follow_explicit_indexes_and_fill_in_the_rest():
    assert assign_numbers([None, None, None]) == [1, 2, 3]
    assert assign_numbers([4]) == [4]
    assert assign_numbers([1, 2, None]) == [1, 2, 3]
    assert assign_numbers([2, 3, None, None]) == [2, 3, 4, 5]
    assert assign_numbers([3, None]) == [3, 4]
    assert assign_numbers([1, 2, 2]) == [1, 2, 3]  # a repeated index is warned about and moves on


def test_slots_cover_every_number_up_to_the_largest_total():
    fourth = object()
    slots = series_slots([4], [fourth], [], None)
    assert slots == [Slot(1), Slot(2), Slot(3), Slot(4, fourth)]
    assert len(series_slots([4], [fourth], ["Part five"], 7)) == 7
    assert series_slots([4], [fourth], ["Part five"], None)[-1] == Slot(5, None, "Part five")
    assert len(series_slots([1, 2], [object(), object()], [], None)) == 2


def _site(tmp_path, series_file: str | None = None):
    content = minimal_content(tmp_path / "content")
    add_thanks_page(content)
    write(content / "posts" / "flexibility.md", """
        Title: Customer Service 4 – Flexibility
        Date: 2026-04-01 09:00
        Authors: Jenny Park
        Category: Craft
        Series: Customer Service
        Series_index: 4

        The last of four parts; the first three were published elsewhere.
        """)
    if series_file:
        write(content / "series" / "customer-service.md", series_file)
    return content


def test_the_fourth_part_alone_reads_part_4_of_4(tmp_path):
    built = build_site(tmp_path / "output", content=_site(tmp_path))
    assert built.ok, built.stderr
    page = built.html("posts/customer-service-4-flexibility/index.html")
    nav = page.select_one(".series-nav")
    assert nav.select_one(".series-nav__count").get_text(strip=True) == "Part 4 of 4"
    items = [li.get_text(" ", strip=True) for li in nav.select(".series-nav__parts li")]
    assert items == ["Part 1 (not published here)", "Part 2 (not published here)",
                     "Part 3 (not published here)", "Customer Service 4 – Flexibility (this part)"]
    data = [json.loads(tag.string) for tag in page.find_all("script", type="application/ld+json")]
    assert any(item.get("position") == 4 for item in data), data
    landing = built.html("series/customer-service/index.html")
    numbers = [p.get_text(strip=True) for p in landing.select(".series-part__number")]
    assert numbers == ["Part 1 of 4", "Part 2 of 4", "Part 3 of 4", "Part 4 of 4"]


def test_a_series_file_can_give_the_whole_length(tmp_path):
    content = _site(tmp_path, "Title: Customer Service\nParts: 6\n\nSix habits.\n")
    built = build_site(tmp_path / "output", content=content)
    assert built.ok, built.stderr
    nav = built.html("posts/customer-service-4-flexibility/index.html").select_one(".series-nav")
    assert nav.select_one(".series-nav__count").get_text(strip=True) == "Part 4 of 6"
    assert len(nav.select(".series-nav__parts li")) == 6


def test_a_bad_parts_line_is_an_error_naming_the_line(tmp_path):
    content = _site(tmp_path, "Title: Customer Service\nParts: six\n\nSix habits.\n")
    built = build_site(tmp_path / "output", content=content)
    assert built.returncode == 1
    assert "ERROR: content/series/customer-service.md:2: Parts 'six' is not a whole number of parts; ignored" \
        in built.stderr.splitlines()
