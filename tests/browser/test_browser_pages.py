"""The built sample site in headless Chromium: every key page at phone and desktop
widths, with no horizontal scroll, console errors or failed requests, no axe-core
WCAG 2.1 AA violations in light or dark mode, and a search that finds a known phrase."""

from __future__ import annotations

import pytest
from browser_support import AXE, PAGE_NAMES, PageProblems, page_url

KNOWN_PHRASE = "the quiet queue"
KNOWN_POST = "posts/why-we-stopped-measuring-handle-time/"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("name", PAGE_NAMES)
def test_page_fits_and_loads_cleanly(served_site, browser, name, width):
    url = page_url(served_site, name)
    context = browser.new_context(viewport={"width": width, "height": 800})
    try:
        page = context.new_page()
        problems = PageProblems(page)
        page.goto(url, wait_until="networkidle")
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at {width}px wide"
        assert problems.items == [], f"{name} at {width}px: " + "; ".join(problems.items)
        served_origin = served_site[0]
        foreign = page.evaluate("""() => performance.getEntriesByType('resource').map(e => e.name)""")
        assert [u for u in foreign if not u.startswith(served_origin)] == [], "third-party resources loaded"
    finally:
        context.close()


def _axe_violations(page) -> list[str]:
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} at "
        + ", ".join(" ".join(node["target"]) if isinstance(node["target"], list) else str(node["target"])
                    for node in violation["nodes"][:3])
        for violation in result["violations"]
    ]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", PAGE_NAMES)
def test_page_has_no_wcag_violations(served_site, browser, name, scheme):
    url = page_url(served_site, name)
    if name == "search":
        url += "?q=" + KNOWN_PHRASE.replace(" ", "+")  # check the page with results on it
    context = browser.new_context(viewport={"width": 1280, "height": 800}, color_scheme=scheme)
    try:
        page = context.new_page()
        page.goto(url, wait_until="networkidle")
        if name == "search":
            page.wait_for_selector(".search-results__list a")
        assert _axe_violations(page) == []
    finally:
        context.close()


def test_search_finds_a_known_phrase(served_site, browser):
    url = page_url(served_site, "search")
    context = browser.new_context()
    try:
        page = context.new_page()
        problems = PageProblems(page)
        page.goto(url, wait_until="networkidle")
        page.get_by_label("Words to look for in every post").fill(KNOWN_PHRASE)
        page.get_by_role("button", name="Search").click()
        page.wait_for_selector(".search-results__list a")
        links = page.eval_on_selector_all(".search-results__list a", "links => links.map(a => a.href)")
        assert links[0] == f"{served_site[0]}/{KNOWN_POST}"
        # Matches are highlighted in the excerpt under the title.
        assert page.locator(".search-results__list li").first.locator("mark").count() > 0
        assert "found" in page.inner_text("#search-status")
        assert problems.items == []
        # The query lands in the address bar, so a results page can be shared or reloaded.
        assert "q=the+quiet+queue" in page.url
    finally:
        context.close()


def test_search_results_are_posts_only(served_site, browser):
    url = page_url(served_site, "search")
    context = browser.new_context()
    try:
        page = context.new_page()
        # "metrics" is also a tag, but tag pages are not indexed: only post bodies are.
        page.goto(url + "?q=metrics", wait_until="networkidle")
        page.wait_for_selector(".search-results__list a")
        links = page.eval_on_selector_all(".search-results__list a", "links => links.map(a => a.href)")
        assert links and all("/posts/" in link for link in links), links
    finally:
        context.close()


def test_search_page_without_javascript_points_elsewhere(served_site, browser):
    url = page_url(served_site, "search")
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(url + "?q=queue")
        note = page.locator("#search-status")
        assert "needs JavaScript" in note.inner_text()
        assert note.get_by_role("link", name="archives").is_visible()
        # The form still works as a plain GET form.
        assert page.get_by_label("Words to look for in every post").is_visible()
    finally:
        context.close()


def test_print_drops_navigation_and_shows_where_links_go(served_site, browser):
    url = page_url(served_site, "article")
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(url, wait_until="networkidle")
        page.emulate_media(media="print")
        hidden = page.evaluate("""() => ['.site-header', '.site-footer', 'nav.toc', 'nav.post-nav', '.share']
            .map(s => document.querySelector(s)).filter(Boolean).map(e => getComputedStyle(e).display)""")
        assert hidden and set(hidden) == {"none"}
        shown_after = page.evaluate("""() => {
            const link = document.createElement('a');
            link.href = 'https://example.test/guide';
            link.textContent = 'a guide';
            document.querySelector('.post__body p').append(link);
            return getComputedStyle(link, '::after').content;
        }""")
        assert "https://example.test/guide" in shown_after
    finally:
        context.close()


def test_dark_scheme_follows_the_system_setting(served_site, browser):
    url = page_url(served_site, "article")
    backgrounds = {}
    for scheme in ("light", "dark"):
        context = browser.new_context(color_scheme=scheme)
        try:
            page = context.new_page()
            page.goto(url)
            backgrounds[scheme] = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
        finally:
            context.close()
    assert backgrounds["light"] == "rgb(253, 252, 250)"
    assert backgrounds["dark"] == "rgb(21, 24, 28)"
