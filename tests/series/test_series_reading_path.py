"""Where a reader finishes a part: the next part in the series (not the next post by
date), and a landing page that says what each part is about and how long it takes."""

from support import build_site, copy_sample_content

PART = "posts/customer-service-{}/index.html"


def test_each_part_ends_with_the_next_and_previous_part(sample_site):
    page = sample_site.html(PART.format("2-ownership"))
    end = page.select_one("nav.series-end")
    nxt = end.select_one(".series-end__link--next")
    assert nxt.select_one(".series-end__label").get_text() == "Next in this series"
    assert nxt["href"].endswith("/posts/customer-service-3-follow-through/")
    prev = end.select_one(".series-end__link--prev")
    assert prev.select_one(".series-end__label").get_text() == "Previous in this series"
    assert prev["href"].endswith("/posts/customer-service-1-listening/")
    # The next part comes first, where the reader's eye lands.
    assert end.select(".series-end__link")[0] is nxt
    # The date neighbours (another series' part, an unrelated post) are not offered here.
    assert page.select_one("nav.post-nav") is None
    assert "Part 2 of 4" in end.select_one(".series-end__kicker").get_text()


def test_the_last_part_and_a_part_before_a_planned_one(sample_site):
    last = sample_site.html(PART.format("4-flexibility")).select_one("nav.series-end")
    assert last.select_one(".series-end__link--next").get_text(" ", strip=True).startswith(
        "The last part of this series")
    assert last.select_one(".series-end__link--next a")["href"].endswith("/series/customer-service-basics/")
    planned = sample_site.html("posts/the-5-ws-2-what/index.html").select_one("nav.series-end")
    soon = planned.select_one(".series-end__link--next")
    assert soon.name == "p" and "(coming soon)" in soon.get_text()
    assert soon.select_one(".series-end__title").get_text() == "The 5 W's, Part 3: When an Answer Is Due"


def test_a_post_outside_any_series_keeps_its_date_neighbours(sample_site):
    page = sample_site.html("posts/the-first-reply-sets-the-tone/index.html")
    assert page.select_one("nav.series-end") is None
    assert page.select_one("nav.post-nav a[rel=prev]")


def test_the_landing_page_gives_each_part_its_summary_and_reading_time(sample_site):
    page = sample_site.html("series/customer-service-basics/index.html")
    parts = page.select("li.series-part")
    assert len(parts) == 4
    for part in parts:
        assert part.select_one(".series-part__summary").get_text(strip=True)
        assert part.select_one(".reading-time").get_text().endswith(" min read")


def test_with_the_series_plugin_off_parts_have_date_neighbours(tmp_path):
    from support import ROOT

    namespace = {}
    exec((ROOT / "pelicanconf.py").read_text(encoding="utf-8"), namespace)
    plugins = [name for name in namespace["PLUGINS"] if name != "series"]
    built = build_site(tmp_path / "out", copy_sample_content(tmp_path / "content"), PLUGINS=plugins,
                       WHITEPAPER_PDF=False)
    assert built.ok, built.stderr
    page = built.html(PART.format("2-ownership"))
    assert page.select_one("nav.series-end") is None
    assert page.select_one("nav.post-nav a[rel=next]")
