"""Performance fixes in other plugins give exactly the results of the code they replace."""

import datetime as dt
import random

import pytest
from reading_aids.neighbours import related_posts, related_posts_by_post
from reading_aids.toc import headings, nest, table_of_contents


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


@pytest.mark.parametrize("html", [
    "", "<p>No headings at all.</p>",
    '<h2 id="a">A</h2><p>x</p><h3 id="b">B</h3><h2 id="c">C</h2>',
    '<h3 id="only">Only an h3</h3><h2>no id</h2><h2 id="d">D</h2><h2 id="e">E</h2>',
    '<H2 id="upper">Upper-case tags</H2><h2 id="f">F</h2><h2 id="g">G</h2>',
])
@pytest.mark.parametrize("words", [0, 799, 800, 5000])
def test_contents_list_skips_parsing_only_when_the_answer_is_empty(html, words):
    entries = headings(html)
    expected = [] if words < 800 or len(entries) < 3 else nest(entries)
    assert table_of_contents(html, words, 800, 3) == expected
