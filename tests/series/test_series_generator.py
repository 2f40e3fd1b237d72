"""Series linking on real Pelican generators built over small content folders."""

import logging

from pelican.generators import ArticlesGenerator, PagesGenerator
from pelican.tests.support import get_context, get_settings
from series.wiring import link_series
from support import write


def post(root, slug, day, series=None, index=None, status=None, folder="posts", title=None):
    lines = [f"Title: {title or slug.replace('-', ' ').title()}", f"Date: 2026-03-{day:02d} 09:00",
             "Authors: Jenny Park"]
    if series:
        lines.append(f"Series: {series}")
    if index is not None:
        lines.append(f"Series_index: {index}")
    if status:
        lines.append(f"Status: {status}")
    lines.append(f"Slug: {slug}")
    write(root / folder / f"{slug}.md", "\n".join(lines) + "\n\nBody of " + slug + ".\n")


def generators(tmp_path, content, with_pages=False):
    settings = get_settings(
        PATH=str(content), ARTICLE_PATHS=["posts"], PAGE_PATHS=["pages"], TIMEZONE="UTC",
        CACHE_PATH=str(tmp_path / "cache"), PLUGINS=["series"], SITEURL="https://example.test",
        ARTICLE_URL="posts/{slug}/", PAGE_URL="{slug}/",
    )
    context = get_context(settings)
    made = []
    classes = [ArticlesGenerator] + ([PagesGenerator] if with_pages else [])
    for cls in classes:
        generator = cls(context=context, settings=settings, path=settings["PATH"], theme=settings["THEME"],
                        output_path=str(tmp_path / "output"))
        generator.generate_context()
        made.append(generator)
    link_series(made)  # once every generator has its content, as all_generators_finalized does
    return made


def titles(items):
    return [item.slug for item in items]


def test_parts_get_the_community_plugin_dict_and_the_context_map(tmp_path):
    content = tmp_path / "content"
    for n in range(1, 13):  # dates run backwards, so only a numeric index sort gets this right
        post(content, f"part-{n}", day=28 - n, series="Twelve", index=n)
    post(content, "late-unindexed", day=27, series="Twelve")
    post(content, "early-unindexed", day=1, series="Twelve")
    post(content, "not-in-a-series", day=5)
    (articles,) = generators(tmp_path, content)

    expected = [f"part-{n}" for n in range(1, 13)] + ["early-unindexed", "late-unindexed"]
    assert titles(articles.context["series"]["Twelve"]) == expected
    by_slug = {a.slug: a for a in articles.articles}
    tenth = by_slug["part-10"].series
    assert tenth["name"] == "Twelve" and tenth["index"] == 10
    assert tenth["previous"] is by_slug["part-9"] and tenth["next"] is by_slug["part-11"]
    assert titles(tenth["all_previous"]) == expected[:9] and titles(tenth["all_next"]) == expected[10:]
    assert tenth["total"] == 14 and tenth["url"] == "series/twelve/" and tenth["slug"] == "twelve"
    assert by_slug["part-1"].series["previous"] is None
    assert by_slug["late-unindexed"].series["next"] is None
    assert not hasattr(by_slug["not-in-a-series"], "series")


def test_drafts_and_hidden_posts_stay_out_of_published_navigation(tmp_path):
    content = tmp_path / "content"
    post(content, "one", day=1, series="S", index=1)
    post(content, "two-draft", day=2, series="S", index=2, status="draft")
    post(content, "three-hidden", day=3, series="S", index=3, status="hidden")
    post(content, "four", day=4, series="S", index=4)
    (articles,) = generators(tmp_path, content)

    assert titles(articles.context["series"]["S"]) == ["one", "four"]
    for article in articles.articles:
        assert titles(article.series["all"]) == ["one", "four"] and article.series["total"] == 2
    # A draft previews its own place in the series without being added to anyone else's.
    draft = articles.drafts[0]
    assert titles(draft.series["all"]) == ["one", "two-draft", "four"] and draft.series["index"] == 2
    hidden = articles.hidden_articles[0]
    assert titles(hidden.series["all"]) == ["one", "three-hidden", "four"]


def test_a_series_can_mix_pages_and_articles(tmp_path):
    content = tmp_path / "content"
    post(content, "article-part", day=1, series="Mixed", index=1)
    post(content, "page-part", day=2, series="Mixed", index=2, folder="pages")
    articles, pages = generators(tmp_path, content, with_pages=True)
    assert titles(pages.context["series"]["Mixed"]) == ["article-part", "page-part"]
    page = pages.pages[0]
    assert page.series["index"] == 2 and page.series["previous"] is articles.articles[0]
    assert articles.articles[0].series["next"] is page


def test_bad_input_is_reported_once_with_the_file_and_nothing_is_lost(tmp_path, caplog):
    content = tmp_path / "content"
    post(content, "a-first", day=1, series="S", index=1)
    post(content, "b-dup-late", day=9, series="S", index=2)
    post(content, "c-dup-early", day=3, series="S", index=2)
    post(content, "d-words", day=4, series="S", index="three")
    post(content, "e-variant", day=5, series="s")
    post(content, "f-variant", day=6, series="The  S")
    post(content, "g-other", day=7, series="the s")
    with caplog.at_level(logging.WARNING, logger="series.wiring"):
        articles, _ = generators(tmp_path, content, with_pages=True)

    assert titles(articles.context["series"]["S"]) == ["a-first", "c-dup-early", "b-dup-late", "d-words"]
    records = [(r.levelname, r.getMessage()) for r in caplog.records]
    assert len(records) == len(set(records)), records
    errors = [m for level, m in records if level == "ERROR"]
    assert errors == [f"{content.name}/posts/d-words.md:5: Series_index 'three' is not a whole number; "
                      "the part is ordered by date instead"]
    warnings = [m for level, m in records if level == "WARNING"]
    duplicate = next(m for m in warnings if "Series_index 2" in m)
    assert "posts/c-dup-early.md and " in duplicate and "posts/b-dup-late.md" in duplicate
    variants = [m for m in warnings if "case or spacing" in m]
    assert len(variants) == 2
    assert "'S' (" in variants[0] and "'s' (" in variants[0] and "e-variant.md" in variants[0]
    assert "'The  S' (" in variants[1] and "'the s' (" in variants[1]
