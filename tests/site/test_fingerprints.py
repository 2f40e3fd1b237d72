"""Page fingerprints: equal for equal data in any build, different when what a page shows changes."""

import datetime as dt

from service_voices.site.fingerprints import ContentVersions, fingerprint


class Post:
    def __init__(self, path, text, title, related=()):
        self.source_path = path
        self.metadata = {"title": title, "date": dt.datetime(2026, 11, 2, 9, 0)}
        self._content = text
        self.title = title
        self.related_posts = list(related)
        self.settings = {"SITEURL": object()}  # never part of what a page shows


class Opaque:
    __slots__ = ()


def test_equal_data_in_distinct_objects_gives_the_same_fingerprint():
    first = Post("a.md", "<p>One.</p>", "One", [Post("b.md", "<p>Two.</p>", "Two")])
    again = Post("a.md", "<p>One.</p>", "One", [Post("b.md", "<p>Two.</p>", "Two")])
    assert fingerprint({"article": first, "n": [1, 2.5, None]}) == fingerprint({"article": again, "n": [1, 2.5, None]})
    assert ContentVersions().of(first) == ContentVersions().of(again)


def test_objects_without_attributes_count_by_kind_not_by_address():
    assert fingerprint([Opaque(), object.__new__(Opaque)]) == fingerprint([Opaque(), Opaque()])


def test_a_change_of_text_changes_the_version_of_that_post_only():
    versions_before, versions_after = ContentVersions(), ContentVersions()
    other = Post("b.md", "<p>Two.</p>", "Two")
    before = versions_before.shown([[Post("a.md", "<p>One.</p>", "One"), other]])
    after = versions_after.shown([[Post("a.md", "<p>One, longer.</p>", "One"), other]])
    assert before[0] != after[0] and before[1] == after[1]


def test_posts_shown_through_a_post_count_but_not_their_own_neighbours():
    far = Post("c.md", "<p>Far.</p>", "Far")
    near = Post("b.md", "<p>Near.</p>", "Near", [far])
    shown = ContentVersions().shown([Post("a.md", "<p>One.</p>", "One", [near])])
    assert [entry.split("@")[0] for entry in shown] == ["a.md", "b.md"]


def test_a_post_linking_another_within_the_site_depends_on_where_that_one_is():
    asked = []

    def linked(names):
        asked.append(names)
        return "b.md is at /posts/b/"

    linking = Post("a.md", '<p>See <a href="{filename}/posts/b.md#part">this</a>.</p>', "One")
    plain = Post("c.md", "<p>No links.</p>", "Three")
    versions = ContentVersions(linked=linked)
    versions.of(linking)
    versions.of(plain)
    assert asked == [["b.md"]]
    moved = ContentVersions(linked=lambda names: "b.md is at /archive/b/")
    assert moved.of(linking) != versions.of(linking) and moved.of(plain) == versions.of(plain)
