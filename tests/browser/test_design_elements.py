"""The theme's designed elements as Chromium lays them out: one stylesheet, post type
labels, bylines with avatars that wrap between items, and the author page header."""

from __future__ import annotations

import pytest
from browser_support import page_url


@pytest.fixture()
def open_page(served_site, browser):
    contexts = []

    def opener(name: str, width: int = 1280, scheme: str = "light"):
        context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme)
        contexts.append(context)
        page = context.new_page()
        page.goto(page_url(served_site, name), wait_until="networkidle")
        return page

    yield opener
    for context in contexts:
        context.close()


@pytest.mark.parametrize("name", ["home", "interview", "white paper", "series landing"])
def test_each_page_loads_one_stylesheet_and_no_script_to_read(served_site, browser, name):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        sheets = []
        page.on("request", lambda request: request.resource_type == "stylesheet" and sheets.append(request.url))
        page.goto(page_url(served_site, name), wait_until="networkidle")
        assert len(sheets) == 1 and "/theme/css/style." in sheets[0], sheets
        # Styled without JavaScript: the page's own rules apply.
        assert page.evaluate("getComputedStyle(document.querySelector('.site-header')).borderBottomStyle") == "solid"
    finally:
        context.close()


def test_home_labels_each_kind_of_post(open_page):
    page = open_page("home")
    labels = page.locator(".post-kind__label")
    texts = labels.all_inner_texts()
    # Labels are shown in capitals; the words themselves are plain in the HTML.
    assert {text.casefold() for text in texts} >= {"series part 2"}
    assert page.evaluate("getComputedStyle(document.querySelector('.post-kind__label')).textTransform") == "uppercase"
    assert all(labels.nth(i).is_visible() for i in range(labels.count()))


@pytest.mark.parametrize("name", ["home", "author page", "article"])
def test_bylines_wrap_between_items_at_phone_width(open_page, name):
    page = open_page(name, width=375)
    heights = page.evaluate("""() => [...document.querySelectorAll('.byline__item')].map(item => {
        const line = parseFloat(getComputedStyle(item).lineHeight) || 24;
        return [item.textContent.trim(), item.getBoundingClientRect().height, line];
    })""")
    assert heights, f"no byline items on the {name} page"
    # Each item is one line high (an avatar is about one line): none breaks inside.
    broken = [text for text, height, line in heights if height > 1.6 * line]
    assert broken == []


def test_byline_avatars_are_round_and_sized(open_page):
    page = open_page("home", width=375)
    sizes = page.evaluate("""() => [...document.querySelectorAll('.byline .avatar')].map(avatar => {
        const box = avatar.getBoundingClientRect();
        return [Math.round(box.width), Math.round(box.height), getComputedStyle(avatar).borderRadius];
    })""")
    assert sizes and all(width == height == 28 and radius == "50%" for width, height, radius in sizes), sizes


def test_the_author_photo_clears_the_header_rule(open_page):
    for width in (375, 1280):
        page = open_page("author page", width=width)
        gap = page.evaluate("""() => document.querySelector('.author-intro__photo').getBoundingClientRect().top
            - document.querySelector('.site-header').getBoundingClientRect().bottom""")
        assert gap >= 16, f"{gap}px between the header rule and the photo at {width}px"


TURN_STYLE = """() => [...document.querySelectorAll('.post__body .turn')].map(turn => {
    const style = getComputedStyle(turn), badge = getComputedStyle(turn, '::before');
    return {speaker: turn.dataset.speaker, borderLeft: style.borderLeftStyle, marginLeft: style.marginLeft,
            badge: badge.content, badgeSide: badge.left === 'auto' || badge.right === '0px' ? 'right' : 'left',
            width: turn.getBoundingClientRect().width};
})"""


@pytest.mark.parametrize("width", [375, 1280])
def test_dialogue_speakers_differ_by_initials_and_side_not_borders(open_page, width):
    page = open_page("dialogue", width=width)
    turns = page.evaluate(TURN_STYLE)
    assert turns
    assert {turn["borderLeft"] for turn in turns} == {"none"}
    assert {turn["marginLeft"] for turn in turns} == {"0px"}, "no indent that reads as a nested reply"
    by_speaker = {turn["speaker"]: (turn["badge"], turn["badgeSide"]) for turn in turns}
    # The initials are shown, with empty alternative text (the name follows).
    assert by_speaker == {"Jenny": ('"JP" / ""', "left"), "Jeremy": ('"JC" / ""', "right")}


def test_transcript_is_a_thread_with_handles_and_linked_times(open_page):
    page = open_page("transcript", width=375)
    turns = page.evaluate(TURN_STYLE)
    assert {turn["badgeSide"] for turn in turns} == {"left"}, "a thread keeps every post on one side"
    labels = page.locator(".post__body .turn .speaker-label").all_inner_texts()
    assert labels and all(label.startswith("@") for label in labels)
    times = page.locator(".post__body .turn a.turn__time")
    assert times.count() == len(turns) and times.first.is_visible()
    assert page.get_by_role("link", name="Read the original thread on x.com").is_visible()


def test_interview_answers_are_text_and_quotes_are_quotes(open_page):
    page = open_page("interview", width=375)
    card = page.locator(".interviewee-card")
    assert card.is_visible() and card.locator("img").evaluate("img => img.naturalWidth > 0")
    styles = page.evaluate("""() => {
        const answer = document.querySelector('.interview-answer');
        const quote = document.querySelector('.interview-answer blockquote');
        return {answerBorder: getComputedStyle(answer).borderLeftStyle,
                quoteMark: getComputedStyle(quote, '::before').content,
                quoteBackground: getComputedStyle(quote).backgroundColor,
                pageBackground: getComputedStyle(document.body).backgroundColor};
    }""")
    assert styles["answerBorder"] == "none"
    assert "“" in styles["quoteMark"]
    assert styles["quoteBackground"] != styles["pageBackground"]


@pytest.mark.parametrize("width", [375, 1280])
def test_a_series_part_ends_with_next_in_this_series(open_page, width):
    page = open_page("series part", width=width)
    nxt = page.locator(".series-end__link--next")
    assert nxt.is_visible() and "Next in this series" in nxt.text_content()
    assert page.locator("nav.post-nav").count() == 0
    # It sits below the text, where the reader finishes.
    below = page.evaluate("""() => document.querySelector('.series-end').getBoundingClientRect().top
        > document.querySelector('.post__body').getBoundingClientRect().bottom""")
    assert below
    nxt.click()
    page.wait_for_load_state()
    assert page.url.endswith("/posts/customer-service-3-follow-through/")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_white_paper_tables_have_rules_and_room(open_page, scheme):
    page = open_page("white paper", width=375, scheme=scheme)
    table = page.evaluate("""() => {
        const table = document.querySelector('.post__body table');
        const cell = table.querySelector('tbody td:nth-child(2)'), head = table.querySelector('thead th');
        const box = table.getBoundingClientRect();
        return {cellRule: getComputedStyle(cell).borderBottomStyle, headRule: getComputedStyle(head).borderBottomWidth,
                padding: parseFloat(getComputedStyle(cell).paddingLeft), weight: getComputedStyle(head).fontWeight,
                right: box.right, viewport: document.documentElement.clientWidth};
    }""")
    assert table["cellRule"] == "solid" and table["headRule"] == "2px"
    assert table["padding"] >= 8 and int(table["weight"]) >= 700
    assert table["right"] <= table["viewport"], "the table fits a phone"
    numbers = page.evaluate("""() => [...document.querySelectorAll('nav.paper__toc > ol > li')].slice(0, 2)
        .map(li => getComputedStyle(li).listStyleType)""")
    assert numbers == ["none", "none"], "the contents show the sections' own numbers only"


@pytest.mark.parametrize("name", ["dialogue", "interview", "transcript"])
def test_the_share_card_the_meta_tags_name_is_served(open_page, name):
    page = open_page(name)
    tags = page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('meta[property^="og:image"], meta[name^="twitter:"]')]
        .map(meta => [meta.getAttribute('property') || meta.getAttribute('name'), meta.content]))""")
    assert tags["twitter:card"] == "summary_large_image"
    assert tags["og:image"] == tags["twitter:image"] and "/images/cards/" in tags["og:image"]
    response = page.request.get(tags["og:image"])
    assert response.status == 200 and response.headers["content-type"] == "image/png"
    assert len(response.body()) < 300 * 1024
    size = page.evaluate("""async (url) => { const img = new Image(); img.src = url; await img.decode();
        return [img.naturalWidth, img.naturalHeight]; }""", tags["og:image"])
    assert size == [int(tags["og:image:width"]), int(tags["og:image:height"])] == [1200, 630]


@pytest.mark.parametrize("width", [375, 1280])
def test_a_feature_image_loads_a_fitting_width_at_its_own_ratio(open_page, width):
    page = open_page("article", width=width)
    shown = page.evaluate("""async () => { const img = document.querySelector('img.post__image'); await img.decode();
        const box = img.getBoundingClientRect();
        return {current: img.currentSrc, natural: img.naturalWidth, boxWidth: box.width, boxHeight: box.height,
                attrWidth: img.width, viewport: document.documentElement.clientWidth}; }""")
    assert "/images/feature/quiet-queue-" in shown["current"]
    assert shown["boxWidth"] <= shown["viewport"]
    assert abs(shown["boxHeight"] - shown["boxWidth"] * 675 / 1200) < 2, "the reserved box has the picture's ratio"
    if width == 375:
        assert shown["natural"] < 1200, "a phone gets a smaller file"
