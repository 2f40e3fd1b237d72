"""The series plugin's pure parts: ordering, bad-input detection and series files."""

from datetime import UTC, datetime, timedelta

import pytest
from series.catalog import index_by_title, parse_series_file
from series.navigation import SeriesRecord, navigation_dicts
from series.ordering import (
    Part,
    duplicate_indexes,
    order_parts,
    parse_index,
    remaining_planned,
    similar_names,
)

from service_voices.slugs import slugify
from service_voices.sources import front_matter_lines

START = datetime(2026, 1, 1, 9, tzinfo=UTC)


def part(name, day, index=None):
    return Part(item=name, source=f"content/posts/{name}.md", date=START + timedelta(days=day), index=index)


@pytest.mark.parametrize("raw, expected", [(None, None), ("3", 3), (" 12 ", 12), (7, 7), ("-1", -1)])
def test_parse_index_accepts_whole_numbers(raw, expected):
    assert parse_index(raw) == (expected, None)


@pytest.mark.parametrize("raw", ["two", "2.5", "", "3a"])
def test_parse_index_reports_anything_else(raw):
    index, problem = parse_index(raw)
    assert index is None and "Series_index" in problem and "not a whole number" in problem


def test_indexed_parts_sort_numerically_then_unindexed_by_date():
    # Dates run against the indexes so a date sort would give the wrong answer.
    parts = [part(f"p{n}", day=30 - n, index=n) for n in range(1, 13)]
    parts += [part("late-extra", day=50), part("early-extra", day=-5)]
    ordered = [p.item for p in order_parts(reversed(parts))]
    assert ordered == [f"p{n}" for n in range(1, 13)] + ["early-extra", "late-extra"]


def test_duplicate_indexes_name_both_files_and_order_by_date():
    parts = [part("second", day=9, index=2), part("first", day=1, index=1), part("also-second", day=3, index=2)]
    assert [p.item for p in order_parts(parts)] == ["first", "also-second", "second"]
    assert duplicate_indexes(parts) == [(2, ["content/posts/also-second.md", "content/posts/second.md"])]


def test_undated_parts_come_after_dated_ones():
    undated = Part(item="page", source="content/pages/page.md")
    assert [p.item for p in order_parts([undated, part("post", 1)])] == ["post", "page"]


def test_names_differing_only_in_case_or_spacing_are_grouped():
    names = ["Customer Service Basics", "customer service  basics", "CustomerService Basics", "Other"]
    assert similar_names(names) == [["Customer Service Basics", "CustomerService Basics", "customer service  basics"]]
    assert similar_names(["A", "B"]) == []


def test_slugify_keeps_ascii_words():
    assert slugify("The 5 W's of Great Service: Who, What, When, Where, Why — and How") == \
        "the-5-ws-of-great-service-who-what-when-where-why-and-how"
    assert slugify("Café Ops") == "cafe-ops"
    assert slugify("—", "series") == "series"


def test_published_titles_drop_off_the_plan():
    planned = ["Part 3: When", "Part 4: Where", "Part 5: Why"]
    assert remaining_planned(planned, ["part 3:  when", "Unrelated"]) == ["Part 4: Where", "Part 5: Why"]
    assert remaining_planned(["Don’t Panic"], ["Don't panic"]) == []


def test_header_line_finds_the_key_in_front_matter_only():
    text = "Title: X\nSeries_index: two\n\nSeries_index: in the body\n"
    assert front_matter_lines(text).get("series_index") == 2
    assert front_matter_lines("Title: X\n\nSeries: y\n").get("series") is None


def test_series_file_gives_description_planned_parts_and_body():
    info, problems = parse_series_file(
        "Title: Basics\nSlug: the-basics\nDescription: Four habits.\nPlanned: Five\nplanned: Six\n\nIntro *text*.\n",
        "content/series/basics.md")
    assert problems == []
    assert (info.title, info.slug, info.description, info.planned, info.body) == \
        ("Basics", "the-basics", "Four habits.", ["Five", "Six"], "Intro *text*.")


def test_series_file_problems_name_file_and_line():
    info, problems = parse_series_file("Title: X\nColour: blue\nno colon here\nSlug: Not OK\n", "content/series/x.md")
    assert info.title == "X" and info.slug == ""
    messages = [(p.severity, str(p)) for p in problems]
    assert messages[0][0] == "warning" and messages[0][1].startswith("content/series/x.md:2: unknown key 'Colour'")
    assert messages[1][0] == "error" and messages[1][1].startswith("content/series/x.md:3: expected 'Key: value'")
    assert messages[2][0] == "error" and messages[2][1].startswith("content/series/x.md:4: Slug 'Not OK'")


def test_series_file_without_title_is_rejected():
    info, problems = parse_series_file("Description: orphan\n", "content/series/y.md")
    assert info is None
    assert problems[0].severity == "error" and "needs a Title" in str(problems[0])


def test_second_file_for_the_same_series_is_ignored_with_a_warning():
    first, _ = parse_series_file("Title: A\nDescription: one\n", "a.md")
    second, _ = parse_series_file("Title: A\nDescription: two\n", "b.md")
    by_title, problems = index_by_title([first, second])
    assert by_title["A"].description == "one"
    assert "b.md" in str(problems[0]) and "a.md" in str(problems[0])


def test_navigation_dicts_match_the_community_plugin_and_count_planned_parts():
    record = SeriesRecord(name="S", slug="s", url="series/s/", save_as="series/s/index.html", feed="",
                          parts=["a", "b", "c"], planned=["d", "e"])
    first, middle, last = navigation_dicts(record)
    assert (first["index"], first["previous"], first["next"], first["all_next"]) == (1, None, "b", ["b", "c"])
    assert (middle["all_previous"], middle["previous"], middle["next"]) == (["a"], "a", "c")
    assert (last["next"], last["all"], last["total"], last["planned"]) == (None, ["a", "b", "c"], 5, ["d", "e"])
    assert set(first) >= {"name", "index", "all", "all_previous", "all_next", "previous", "next",
                          "url", "total", "planned", "slug", "description"}
