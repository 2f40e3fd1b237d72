"""Performance fixes in other plugins give exactly the results of the code they replace."""

import datetime as dt
import random

import markdown
import pytest
from bs4 import BeautifulSoup
from reading_aids.neighbours import related_posts, related_posts_by_post
from reading_aids.toc import table_of_contents

from service_voices.markdown_records import RecordsExtension, recorded_headings


class Post:
    def __init__(self, number, date, tags):
        self.number, self.date, self.tags = number, date, tags

    def __repr__(self):
        return f"Post{self.number}"


@pytest.mark.parametrize("seed", range(40))
def test_related_posts_for_all_posts_at_once_match_one_by_one(seed):
    rng = random.Random(seed)
    vocabulary = [f"Tag {n}" for n in range(rng.randint(1, 9))]
    # Few distinct dates, so ties on shared tags and date are common.
    posts = [Post(n, dt.datetime(2026, 1, 1) + dt.timedelta(days=rng.randint(0, 6)),
                  rng.sample(vocabulary, rng.randint(0, min(4, len(vocabulary)))))
             for n in range(rng.randint(0, 70))]
    count = rng.randint(0, 5)
    found = related_posts_by_post(posts, count)
    assert set(found) == {id(post) for post in posts}
    for post in posts:
        assert found[id(post)] == related_posts(post, posts, count)


def test_tag_names_compare_without_case():
    posts = [Post(1, dt.datetime(2026, 1, 1), ["Tone"]), Post(2, dt.datetime(2026, 1, 2), ["tone"])]
    assert related_posts_by_post(posts, 3)[id(posts[0])] == [posts[1]]


@pytest.mark.parametrize("text", [
    "", "No headings at all.",
    "## A\n\nx\n\n### B\n\n## C",
    "### Only an h3\n\n## no id given\n\n## D\n\n#### Deeper\n\n## E",
    "## F {#upper}\n\n> ## In a quote\n\n## G",
])
@pytest.mark.parametrize("words", [0, 799, 800, 5000])
def test_contents_list_from_recorded_headings_matches_the_html(text, words):
    """The contents list, made from recorded headings, against the h2/h3 the page shows."""
    md = markdown.Markdown(extensions=["extra", "toc", RecordsExtension()])
    page = BeautifulSoup(md.convert(text), "html.parser")
    shown = [(int(tag.name[1]), tag["id"]) for tag in page.find_all(["h2", "h3"])]
    toc = table_of_contents(recorded_headings(md), words, 800, 3)
    if words < 800 or len(shown) < 3:
        assert toc == []
    else:
        flat = [(entry.level, entry.anchor) for top in toc for entry in [top, *top.children]]
        assert flat == shown
