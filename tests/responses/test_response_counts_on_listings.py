"""Listing cards say how many responses a post has, linking to them."""

import pytest

pytestmark = pytest.mark.slow


def test_listing_cards_count_the_sample_responses(sample_site):
    listings = [path.relative_to(sample_site.output).as_posix()
                for pattern in ("index.html", "page/*/index.html", "categories/*/index.html", "authors/*/index.html")
                for path in sample_site.output.glob(pattern)]
    counted, uncounted = {}, 0
    for listing in listings:
        for card in sample_site.html(listing).select("article.card"):
            link = card.find(class_="response-count")
            if link is None:
                uncounted += 1
                continue
            counted[card.find("h2").get_text(strip=True)] = link
    assert counted, "no listing card shows a response count"
    assert uncounted, "posts without responses must show no count"
    for title, link in counted.items():
        assert link.get_text(strip=True).endswith(("response", "responses")), title
        assert link["href"].endswith("#responses")
        post = link["href"].split("#")[0]
        relative = post.split("://", 1)[-1].split("/", 1)[-1]
        assert sample_site.html(relative + "index.html").find(id="responses") is not None, title
