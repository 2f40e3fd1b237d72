"""The pure parts of reading_aids, without Pelican: words, headings, neighbours, images."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace

import markdown
from reading_aids.images import ImageHintsExtension, add_image_hints, content_file
from reading_aids.neighbours import previous_and_next, related_posts
from reading_aids.text import count_words, reading_minutes
from reading_aids.toc import table_of_contents, wants_contents
from reading_aids.wiring import lists_own_contents

from service_voices.images import image_size
from service_voices.markdown_records import RecordsExtension, recorded_headings
from service_voices.post_records import Conversation, Heading


def headings_of(text: str) -> list[Heading]:
    """The headings the shared Markdown extension records for a post."""
    md = markdown.Markdown(extensions=["extra", "toc", RecordsExtension()])
    md.convert(text)
    return recorded_headings(md)


def section(level: int, anchor: str, text: str = "") -> Heading:
    return Heading(level, anchor, text or anchor.upper(), text or anchor.upper())


def post(title, day, *tags):
    return SimpleNamespace(title=title, date=dt.datetime(2026, 1, day), tags=list(tags))


def test_words_are_counted_from_visible_text_only():
    html = "<p>Four words <em>right</em> here.</p><script>var not = counted;</script><style>p{}</style>"
    assert count_words(html) == 4


def test_reading_time_rounds_up_and_is_at_least_one_minute():
    assert reading_minutes(1, 230) == 1
    assert reading_minutes(230, 230) == 1
    assert reading_minutes(231, 230) == 2
    assert reading_minutes(0, 230) == 0


def test_contents_keep_ids_and_text_of_section_headings_only():
    found = headings_of("## Why *we* did it {#why}\n\nx\n\n### The data {#data}\n\n## No id given\n\n"
                        "#### Too deep {#deep}\n")
    toc = table_of_contents(found, words=1000, min_words=800, min_headings=3)
    assert [(entry.level, entry.anchor, entry.text) for entry in toc] == [
        (2, "why", "Why we did it"), (2, "no-id-given", "No id given")]
    assert [(entry.level, entry.anchor, entry.text) for entry in toc[0].children] == [(3, "data", "The data")]


def test_short_posts_get_no_table_of_contents():
    found = [section(2, "a"), section(2, "b"), section(2, "c")]
    assert table_of_contents(found, words=300, min_words=800, min_headings=3) == []
    assert table_of_contents(found, words=2000, min_words=800, min_headings=4) == []
    # Headings below ### do not count towards the minimum.
    assert table_of_contents(found[:2] + [section(4, "d")], words=2000, min_words=800, min_headings=3) == []


def test_long_posts_get_nested_contents():
    found = [section(3, "lead"), section(2, "a"), section(3, "a1"), section(3, "a2"), section(2, "b")]
    toc = table_of_contents(found, words=1000, min_words=800, min_headings=3)
    assert [entry.anchor for entry in toc] == ["lead", "a", "b"]
    assert [child.anchor for child in toc[1].children] == ["a1", "a2"]
    assert toc[2].children == []


def test_a_post_that_lists_its_own_contents_gets_no_second_list_unless_it_asks():
    assert wants_contents(None, lists_own_contents=False)
    assert not wants_contents(None, lists_own_contents=True)
    assert not wants_contents("off", lists_own_contents=False)
    assert not wants_contents(" No ", lists_own_contents=False)
    assert wants_contents("on", lists_own_contents=True)


def test_interviews_and_papers_list_their_own_contents_by_the_documented_attributes():
    assert lists_own_contents(SimpleNamespace(conversation=Conversation("interview")))
    assert lists_own_contents(SimpleNamespace(paper_sections=[]))
    assert not lists_own_contents(SimpleNamespace(conversation=Conversation("dialogue")))
    assert not lists_own_contents(SimpleNamespace(conversation=None, layout="interview"))
    assert not lists_own_contents(SimpleNamespace(layout="whitepaper"))


def test_related_posts_rank_by_shared_tags_then_date():
    me = post("me", 10, "tone", "empathy", "macros")
    two_shared = post("two", 1, "tone", "empathy")
    one_newer = post("one newer", 9, "Macros")
    one_older = post("one older", 2, "tone")
    unrelated = post("none", 11, "metrics")
    found = related_posts(me, [me, one_older, unrelated, two_shared, one_newer], 3)
    assert [p.title for p in found] == ["two", "one newer", "one older"]
    assert related_posts(me, [me, one_older], 0) == []
    assert related_posts(post("untagged", 3), [one_older], 3) == []


def test_previous_is_older_and_next_is_newer():
    first, middle, last = post("first", 1), post("middle", 5), post("last", 9)
    neighbours = previous_and_next([last, first, middle])  # newest first, as Pelican lists them
    assert neighbours[id(middle)] == (first, last)
    assert neighbours[id(first)] == (None, middle)
    assert neighbours[id(last)] == (middle, None)


def test_images_get_lazy_loading_and_their_file_size(tmp_path):
    sizes = {"/images/ladder.svg": (480, 320)}
    html = ('<p><img alt="Ladder" src="/images/ladder.svg"></p>'
            '<img alt="Sized" src="x.png" width="10" height="5" loading="eager">'
            '<img alt="Unknown" src="https://elsewhere.test/a.png" />')
    hinted = add_image_hints(html, sizes.get)
    assert '<img alt="Ladder" src="/images/ladder.svg" loading="lazy" decoding="async" width="480" height="320">' in hinted
    assert '<img alt="Sized" src="x.png" width="10" height="5" loading="eager" decoding="async">' in hinted
    assert '<img alt="Unknown" src="https://elsewhere.test/a.png" loading="lazy" decoding="async"/>' in hinted


def test_markdown_and_raw_html_images_get_hints_as_the_post_is_built(tmp_path):
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "ladder.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 480 320"/>',
                                                    encoding="utf-8")
    md = markdown.Markdown(extensions=["extra", ImageHintsExtension(str(tmp_path), "http://x.test")])
    html = md.convert('![Ladder]({static}/images/ladder.svg)\n\n![Sized](x.png){ width="10" loading="eager" }\n\n'
                      '<img alt="Raw" src="http://x.test/images/ladder.svg">\n\n'
                      'Inline <img alt="Elsewhere" src="https://elsewhere.test/a.png"> too.\n\n'
                      '    <img src="in-code.png">\n')
    assert ('<img alt="Ladder" decoding="async" height="320" loading="lazy" src="{static}/images/ladder.svg" '
            'width="480"') in html
    assert '<img alt="Sized" decoding="async" loading="eager" src="x.png" width="10"' in html
    assert '<img alt="Raw" src="http://x.test/images/ladder.svg" loading="lazy" decoding="async" width="480" ' \
           'height="320">' in html
    assert '<img alt="Elsewhere" src="https://elsewhere.test/a.png" loading="lazy" decoding="async">' in html
    assert '&lt;img src="in-code.png"&gt;' in html


def test_image_size_reads_svg_attributes_viewbox_and_rasters(tmp_path):
    sized = tmp_path / "sized.svg"
    sized.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="480px" height="320"/>', encoding="utf-8")
    boxed = tmp_path / "boxed.svg"
    boxed.write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 96 48"/>', encoding="utf-8")
    from PIL import Image

    Image.new("RGB", (7, 3)).save(tmp_path / "dot.png")
    assert image_size(sized) == (480, 320)
    assert image_size(boxed) == (96, 48)
    assert image_size(tmp_path / "dot.png") == (7, 3)
    assert image_size(tmp_path / "missing.png") is None
    (tmp_path / "broken.svg").write_text("<svg", encoding="utf-8")
    assert image_size(tmp_path / "broken.svg") is None


def test_image_files_are_found_for_static_and_site_links():
    assert content_file("{static}/images/a.svg", "/c", "http://x.test") == Path("/c/images/a.svg")
    assert content_file("http://x.test/images/a.svg?v=2", "/c", "http://x.test/") == Path("/c/images/a.svg")
    assert content_file("/images/a.svg", "/c", "") == Path("/c/images/a.svg")
    assert content_file("https://elsewhere.test/a.svg", "/c", "http://x.test") is None
    assert content_file("data:image/png;base64,AAAA", "/c", "http://x.test") is None
