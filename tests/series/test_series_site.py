"""Series on built sites, read as a reader, a feed reader and a search engine would."""

import json
import subprocess
import textwrap

import feedparser
from support import PYTHON, ROOT, build_site, copy_sample_content, minimal_content, write

FOUNDATION = ["content_checks", "author_profiles", "site_feeds", "site_discovery"]
WITH_SERIES = FOUNDATION + ["series"]
FIVE_WS = "The 5 W's of Great Service: Who, What, When, Where, Why — and How"


def series_nav(built, relative):
    return built.html(relative).find("nav", class_="series-nav")


def part_links(nav):
    return [a.get_text() for a in nav.select("ol.series-nav__parts li a")]


def jsonld(built, relative):
    scripts = built.html(relative).find_all("script", type="application/ld+json")
    return [json.loads(script.string) for script in scripts]


def test_every_sample_part_shows_its_place_and_neighbours(sample_site):
    slugs = ["customer-service-1-listening", "customer-service-2-ownership",
             "customer-service-3-follow-through", "customer-service-4-flexibility"]
    for number, slug in enumerate(slugs, start=1):
        nav = series_nav(sample_site, f"posts/{slug}/index.html")
        assert nav.find(class_="series-nav__count").get_text() == f"Part {number} of 4"
        assert nav.find("a", href="http://127.0.0.1:8000/series/customer-service-basics/")
        assert len(part_links(nav)) == 4
        current = nav.find("a", attrs={"aria-current": "page"})
        assert current["href"].endswith(f"/posts/{slug}/")
        prev, nxt = nav.find("a", rel="prev"), nav.find("a", rel="next")
        assert (prev is None) == (number == 1) and (nxt is None) == (number == 4)
        if nxt:
            assert nxt["href"].endswith(f"/posts/{slugs[number]}/")


def test_planned_parts_count_and_show_without_links(sample_site):
    nav = series_nav(sample_site, "posts/the-5-ws-1-who/index.html")
    assert nav.find(class_="series-nav__count").get_text() == "Part 1 of 6"
    planned = nav.select("li.series-nav__planned")
    assert len(planned) == 4 and all(li.find("a") is None for li in planned)
    assert "coming soon" in planned[0].get_text()
    assert nav.find("a", rel="next")["href"].endswith("/posts/the-5-ws-2-what/")
    last = series_nav(sample_site, "posts/the-5-ws-2-what/index.html")
    assert "Next: The 5 W's, Part 3: When an Answer Is Due (coming soon)" in last.get_text(" ", strip=True)


def test_posts_outside_a_series_have_no_series_navigation(sample_site):
    assert series_nav(sample_site, "posts/making-it-stick/index.html") is None
    assert series_nav(sample_site, "about/index.html") is None


def test_parts_carry_is_part_of_json_ld(sample_site):
    (post,) = [d for d in jsonld(sample_site, "posts/the-5-ws-2-what/index.html") if d["@type"] == "BlogPosting"]
    assert post["isPartOf"] == {"@type": "CreativeWorkSeries", "name": FIVE_WS,
                                "url": "http://127.0.0.1:8000/series/the-5-ws-of-great-service/"}
    assert post["position"] == 2


def test_landing_page_has_description_parts_and_coming_soon(sample_site):
    page = sample_site.html("series/the-5-ws-of-great-service/index.html")
    assert page.find("h1").get_text() == FIVE_WS
    assert "journalist's five questions" in page.find(class_="series-intro__description").get_text()
    parts = page.select("li.series-part")
    assert [p.find("h2").get_text(strip=True) for p in parts][:2] == [
        "The 5 W's, Part 1: Who Is Really Asking", "The 5 W's, Part 2: What They Actually Need"]
    planned = page.select("li.series-part--planned")
    assert len(planned) == 4 and all(li.find("a") is None for li in planned)
    assert page.find("link", rel="canonical")["href"] == "http://127.0.0.1:8000/series/the-5-ws-of-great-service/"
    feed_link = page.find("link", rel="alternate", type="application/atom+xml", href=lambda h: "series" in h)
    assert feed_link["href"].endswith("/feeds/series/the-5-ws-of-great-service.atom.xml")
    (data,) = [d for d in jsonld(sample_site, "series/the-5-ws-of-great-service/index.html")
               if d["@type"] == "CreativeWorkSeries"]
    assert [p["position"] for p in data["hasPart"]] == [1, 2]


def test_series_index_lists_every_series_and_is_in_the_menu(sample_site):
    page = sample_site.html("series/index.html")
    headings = {h.get_text(): h for h in page.select("section.series-summary h2")}
    assert set(headings) == {"Customer Service Basics", FIVE_WS}
    basics = headings["Customer Service Basics"].find_parent("section")
    assert "Four habits every new agent needs" in basics.get_text()
    assert len(basics.select("ol li a")) == 4
    menu = sample_site.html("index.html").find("nav", class_="site-nav")
    assert menu.find("a", string="Series")["href"] == "http://127.0.0.1:8000/series/"
    assert page.find("nav", class_="site-nav").find("a", string="Series")["aria-current"] == "page"


def test_each_series_has_its_own_atom_feed(sample_site):
    ids = set()
    for slug, count in [("customer-service-basics", 4), ("the-5-ws-of-great-service", 2)]:
        feed = feedparser.parse(sample_site.output / f"feeds/series/{slug}.atom.xml")
        assert not feed.bozo, feed.bozo_exception
        assert len(feed.entries) == count
        assert feed.feed.id == f"http://127.0.0.1:8000/feeds/series/{slug}.atom.xml"
        assert all(len(entry.content[0].value) > 500 for entry in feed.entries)
        ids.add(feed.feed.id)
    site_ids = {feedparser.parse(p).feed.id for p in (sample_site.output / "feeds").glob("*.atom.xml")}
    assert len(ids) == 2 and not ids & site_ids
    ownership = next(e for e in feedparser.parse(
        sample_site.output / "feeds/series/customer-service-basics.atom.xml").entries if "Ownership" in e.title)
    assert [a["name"] for a in ownership.authors] == ["Jenny Park", "Jeremy Cole"]


def test_sitemap_lists_landing_pages_and_index(sample_site):
    sitemap = sample_site.text("sitemap.xml")
    for url in ["series/", "series/customer-service-basics/", "series/the-5-ws-of-great-service/"]:
        assert f"<loc>http://127.0.0.1:8000/{url}</loc>" in sitemap


def test_theme_renders_without_the_plugin(tmp_path):
    built = build_site(tmp_path / "out", content=copy_sample_content(tmp_path / "content"), PLUGINS=FOUNDATION)
    assert built.ok, built.stderr
    assert series_nav(built, "posts/customer-service-2-ownership/index.html") is None
    assert not (built.output / "series").exists()
    assert built.html("index.html").find("nav", class_="site-nav").find("a", string="Series") is None
    (post,) = [d for d in jsonld(built, "posts/customer-service-2-ownership/index.html") if d["@type"] == "BlogPosting"]
    assert "isPartOf" not in post


def _part(root, slug, day, series="Long Haul", index=None, status=None, folder="posts", extra=""):
    lines = [f"Title: Long Haul {slug}", f"Date: 2026-02-{day:02d} 09:00", "Authors: Lee Okafor",
             f"Series: {series}"]
    if index is not None:
        lines.append(f"Series_index: {index}")
    if status:
        lines.append(f"Status: {status}")
    lines.append(f"Slug: {slug}")
    write(root / folder / f"{slug}.md", "\n".join(lines) + extra + "\n\nText of " + slug + ".\n")


def test_long_series_with_drafts_hidden_pages_and_planned_parts(tmp_path):
    content = minimal_content(tmp_path / "content")
    for n in range(1, 12):  # 11 indexed parts, dated newest first
        _part(content, f"part-{n}", day=25 - n, index=n)
    _part(content, "secret-draft", day=26, index=12, status="draft")
    _part(content, "quiet-hidden", day=27, index=13, status="hidden")
    _part(content, "appendix", day=28, folder="pages")
    write(content / "series" / "long-haul.md", """
        Title: Long Haul
        Description: A long series for testing.
        Planned: Long Haul part-3
        Planned: The Final Word

        Read it **slowly**.
        """)
    built = build_site(tmp_path / "out", content=content, PLUGINS=WITH_SERIES)
    assert built.ok, built.stderr

    published = [f"Long Haul part-{n}" for n in range(1, 12)] + ["Long Haul appendix"]
    tenth = series_nav(built, "posts/part-10/index.html")
    # "part-3" is published, so it drops off the plan; one planned part is left.
    assert tenth.find(class_="series-nav__count").get_text() == "Part 10 of 13"
    assert part_links(tenth) == published
    assert [li.get_text(" ", strip=True) for li in tenth.select("li.series-nav__planned")] == [
        "The Final Word (coming soon)"]
    page_nav = series_nav(built, "appendix/index.html")
    assert page_nav.find(class_="series-nav__count").get_text() == "Part 12 of 13"

    landing = built.html("series/long-haul/index.html")
    assert landing.find(class_="series-intro__body").find("strong").get_text() == "slowly"
    assert [h.get_text(strip=True) for h in landing.select("li.series-part h2")] == published + ["The Final Word"]
    feed = feedparser.parse(built.output / "feeds/series/long-haul.atom.xml")
    assert {e.title for e in feed.entries} == set(published)

    everything = "".join(p.read_text(encoding="utf-8") for p in built.output.rglob("*") if p.is_file()
                         and p.suffix in {".html", ".xml"} and "drafts" not in p.parts
                         and p.parent.name not in {"quiet-hidden"})
    assert "secret-draft" not in everything and "quiet-hidden" not in everything
    # The hidden part is built; it sees its own place, the published parts do not see it.
    hidden = series_nav(built, "posts/quiet-hidden/index.html")
    # Its own Series_index is 13; the unindexed appendix follows it as 14, the plan as 15.
    assert hidden.find(class_="series-nav__count").get_text() == "Part 13 of 15"


def test_duplicate_indexes_and_name_variants_warn_and_keep_a_stable_order(tmp_path):
    content = minimal_content(tmp_path / "content")
    _part(content, "first", day=1, index=1)
    _part(content, "dup-late", day=9, index=2)
    _part(content, "dup-early", day=5, index=2)
    _part(content, "odd-case", day=6, series="long haul")
    built = build_site(tmp_path / "out", content=content, PLUGINS=WITH_SERIES)
    assert built.ok, built.stderr
    assert "WARNING: series 'Long Haul': Series_index 2 is used by content/posts/dup-early.md and " \
           "content/posts/dup-late.md; ordering those by date" in built.stderr
    assert "differ only in case or spacing" in built.stderr and "content/posts/odd-case.md" in built.stderr
    nav = series_nav(built, "posts/first/index.html")
    assert part_links(nav) == ["Long Haul first", "Long Haul dup-early", "Long Haul dup-late"]


def test_non_integer_index_is_an_error_naming_the_file_and_line(tmp_path):
    content = minimal_content(tmp_path / "content")
    _part(content, "fine", day=1, index=1)
    _part(content, "wordy", day=2, index="second")
    built = build_site(tmp_path / "out", content=content, PLUGINS=WITH_SERIES)
    assert built.returncode != 0
    errors = [line for line in built.stderr.splitlines() if line.startswith("ERROR")]
    assert errors == ["ERROR: content/posts/wordy.md:5: Series_index 'second' is not a whole number; "
                      "the part is ordered by date instead"]
    assert "Traceback" not in built.stderr


REBUILD_SCRIPT = textwrap.dedent("""
    import json, sys
    from pathlib import Path
    from service_voices.site.build import build
    content, output, plugins = Path(sys.argv[1]), Path(sys.argv[2]), json.loads(sys.argv[3])
    post = content / "posts" / "hello.md"
    settings = {"PATH": str(content), "PLUGINS": plugins, "CACHE_PATH": str(output) + "-cache"}
    first = build("pelicanconf.py", output, settings)
    before = sorted(p.name for p in (output / "series").iterdir())
    post.write_text(post.read_text().replace("Series: Old Name", "Series: New Name"))
    second = build("pelicanconf.py", output, settings)
    after = sorted(p.name for p in (output / "series").iterdir())
    print(json.dumps({"ok": [first.ok, second.ok], "before": before, "after": after}))
""")


def test_rebuild_in_one_process_forgets_a_renamed_series(tmp_path):
    content = minimal_content(tmp_path / "content")
    post = content / "posts" / "hello.md"
    post.write_text(post.read_text().replace("Tags: tone\n", "Tags: tone\nSeries: Old Name\n"))
    _part(content, "other", day=3, series="Old Name")
    output = tmp_path / "out"
    done = subprocess.run([PYTHON, "-c", REBUILD_SCRIPT, str(content), str(output), json.dumps(WITH_SERIES)],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result == {"ok": [True, True], "before": ["index.html", "old-name"],
                      "after": ["index.html", "new-name", "old-name"]}
    index = (output / "series" / "index.html").read_text(encoding="utf-8")
    assert "New Name" in index and "Old Name" in index
    old_landing = (output / "series" / "old-name" / "index.html").read_text(encoding="utf-8")
    assert "posts/other/" in old_landing and "posts/hello/" not in old_landing
    hello = (output / "posts" / "hello" / "index.html").read_text(encoding="utf-8")
    assert "series/new-name/" in hello and "series/old-name/" not in hello


def test_outputs_can_be_switched_off_and_navigation_stays(tmp_path):
    content = minimal_content(tmp_path / "content")
    _part(content, "one", day=1, index=1)
    _part(content, "two", day=2, index=2)
    built = build_site(tmp_path / "out", content=content, PLUGINS=WITH_SERIES,
                       SERIES_SAVE_AS=None, SERIES_INDEX_SAVE_AS=None, SERIES_FEED_ATOM=None)
    assert built.ok, built.stderr
    assert not (built.output / "series").exists() and not (built.output / "feeds" / "series").exists()
    nav = series_nav(built, "posts/two/index.html")
    assert nav.find(class_="series-nav__count").get_text() == "Part 2 of 2"
    assert nav.find("a", href=lambda h: "/series/" in h) is None and nav.find(class_="series-nav__feed") is None
    assert built.html("index.html").find("nav", class_="site-nav").find("a", string="Series") is None
