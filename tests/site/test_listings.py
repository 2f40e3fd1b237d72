"""Lists of posts (home, author, tag pages) as a reader sees them: what kind each post
is, who wrote it with their face, and one link per post."""

from support import build_site, minimal_content, write

HOME = "http://127.0.0.1:8000/"


def home_cards(site) -> dict:
    """Every card on the home page and its later pages, by the post's URL."""
    cards, page, number = {}, "index.html", 1
    while (site.output / page).is_file():
        for card in site.html(page).select("article.card"):
            cards[card.h2.a["href"].removeprefix(HOME)] = card
        number += 1
        page = f"page/{number}/index.html"
    return cards


def kinds(card) -> list[str]:
    return [label.get_text() for label in card.select(".post-kind__label")]


def test_each_kind_of_post_is_labelled_in_the_list(sample_site):
    cards = home_cards(sample_site)
    assert kinds(cards["posts/practitioner-interview-ana-ruiz/"]) == ["Interview"]
    assert kinds(cards["posts/making-it-stick/"]) == ["Conversation"]
    assert kinds(cards["posts/the-essential-customer-service-white-paper/"]) == ["White paper"]
    assert kinds(cards["posts/customer-service-3-follow-through/"]) == ["Series part 3"]
    assert kinds(cards["posts/the-5-ws-2-what/"]) == ["Series part 2"]
    assert kinds(cards["posts/the-first-reply-sets-the-tone/"]) == []
    # The label comes before the title it describes.
    card = cards["posts/practitioner-interview-ana-ruiz/"]
    assert card.find(class_="post-kind").find_next("h2") is card.h2


def test_each_card_links_to_its_post_once(sample_site):
    for url, card in home_cards(sample_site).items():
        to_post = [a for a in card.find_all("a") if a["href"] == HOME + url]
        assert len(to_post) == 1, url
        assert not any(a.get_text().startswith("Read ") for a in card.find_all("a")), url


def test_bylines_show_each_author_with_their_photo(sample_site):
    card = home_cards(sample_site)["posts/writing-macros-that-dont-sound-like-macros/"]
    authors = card.select(".byline__author")
    assert [a.find("a", rel="author").get_text() for a in authors] == ["Jeremy Cole", "Lee Okafor"]
    photos = [a.find("img", class_="avatar") for a in authors]
    assert [img["src"] for img in photos] == [HOME + "images/authors/jeremy-cole.svg",
                                              HOME + "images/authors/lee-okafor.svg"]
    assert all(img["alt"] == "" and img["width"] == img["height"] == "28" for img in photos)
    # Each part of the byline is one unbreakable item: the wrap falls between them.
    items = [" ".join(item.get_text().split()) for item in card.select(".byline__item")]
    assert items[:2] == ["By Jeremy Cole", "Lee Okafor"] and items[-1].endswith(" min read")


def test_an_author_page_does_not_repeat_its_author(sample_site):
    page = sample_site.html("authors/jenny-park/index.html")
    bylines = {card.h2.get_text(): card.find(class_="byline") for card in page.select("article.card")}
    assert bylines, "Jenny Park's page lists her posts"
    for title, byline in bylines.items():
        names = [a.get_text() for a in byline.find_all("a", rel="author")]
        assert "Jenny Park" not in names, title
        assert "By " not in byline.get_text(), title
    shared = bylines["Making It Stick"]
    assert " ".join(shared.get_text().split()).startswith("With Jeremy Cole")
    # Elsewhere the same post still credits both.
    card = home_cards(sample_site)["posts/making-it-stick/"]
    assert [a.get_text() for a in card.select(".byline a[rel=author]")] == ["Jenny Park", "Jeremy Cole"]


def test_an_author_without_a_photo_gets_initials(tmp_path):
    content = minimal_content(tmp_path / "content")
    write(content / "posts" / "second.md", """
        Title: Second
        Date: 2026-01-06 09:00
        Authors: Ana María Ruiz, Lee

        Two authors without profiles.
        """)
    built = build_site(tmp_path / "output", content)
    assert built.ok, built.stderr
    card = home_cards(built)["posts/second/"]
    initials = [span.get_text() for span in card.select(".byline .avatar--initials")]
    assert initials == ["AR", "L"]
    assert all(span["aria-hidden"] == "true" for span in card.select(".avatar--initials"))
    assert not card.select(".byline img")
