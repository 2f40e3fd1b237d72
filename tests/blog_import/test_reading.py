"""Reading the exports: WordPress WXR, classic Blogger Atom and Blogger's Takeout feed."""

from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from blog_import_support import BLOGGER, EXPORTS, TAKEOUT, WORDPRESS

from service_voices.blog_import.front_matter import date_line
from service_voices.blog_import.model import ExportError
from service_voices.blog_import.run import read_export

LONDON = ZoneInfo("Europe/London")


@pytest.fixture(scope="module")
def wordpress():
    return read_export(WORDPRESS, LONDON)


def entry(export, title_start):
    found = [e for e in export.entries if e.title.startswith(title_start)]
    assert len(found) == 1, [e.title for e in export.entries]
    return found[0]


def test_wordpress_posts_pages_and_what_is_left_out(wordpress):
    assert wordpress.source == "WordPress"
    assert wordpress.site_title == "Front Line Notes"
    assert wordpress.site_url == "https://frontline.example.com"
    kinds = sorted((e.kind, e.status) for e in wordpress.entries)
    assert kinds.count(("post", "published")) == 10
    assert ("post", "draft") in kinds and ("post", "private") in kinds and ("page", "published") in kinds
    # Attachments are files of their posts, menus are not content.
    assert wordpress.skipped == {"nav_menu_item": 1, "spam or trashed comment": 1}
    assert wordpress.display_names == {"jpark": "Jenny P.", "jcole": "Jeremy Cole", "mreyes": "mira"}


def test_wordpress_fields_of_a_post(wordpress):
    post = entry(wordpress, "Interview: Justin Case")
    assert post.slug == "interview-justin-case"
    assert post.authors == ["mreyes"]
    assert post.categories == ["Interviews"]
    assert post.tags == ["habits", "hiring, training"]
    assert post.excerpt_html == "Justin Case on the habits his support team swears by."
    assert post.date == datetime(2019, 3, 4, 9, 15, tzinfo=UTC)
    assert post.old_urls == ["https://frontline.example.com/2019/03/04/interview-justin-case/",
                             "https://frontline.example.com/?p=101"]
    assert post.attachments == ["https://frontline.example.com/wp-content/uploads/2019/03/justin.jpg"]
    assert post.blank_lines_are_paragraphs
    assert "\n\nBy accident" in post.html


def test_wordpress_dates_are_shown_in_the_site_time_zone(wordpress):
    post = entry(wordpress, "Jenny and Jeremy")  # 08:00 GMT on 10 April 2019
    assert date_line(post.date, LONDON) == "2019-04-10 09:00"
    assert date_line(post.date, ZoneInfo("America/New_York")) == "2019-04-10 04:00"
    # A draft has no GMT date; its local date is read in the site's zone.
    draft = entry(wordpress, "Customer Service 5")
    assert draft.status == "draft" and draft.old_urls == [] and draft.slug == ""
    assert date_line(draft.date, LONDON) == "2019-07-15 10:00"


def test_wordpress_comments_and_pingbacks(wordpress):
    responses = {r.id: r for r in entry(wordpress, "Interview: Justin Case").responses}
    assert set(responses) == {"wp-comment-11", "wp-comment-12", "wp-comment-13", "wp-comment-15"}  # 14 is spam
    assert responses["wp-comment-11"].approved and responses["wp-comment-11"].website == "https://priya.example"
    assert responses["wp-comment-12"].parent == "wp-comment-11"
    assert not responses["wp-comment-13"].approved
    pingback = responses["wp-comment-15"]
    assert pingback.kind == "mention" and pingback.website == "https://queuenotes.example/2019/03/five-interviews/"
    assert responses["wp-comment-11"].date == datetime(2019, 3, 5, 8, 0, tzinfo=UTC)
    assert not any(hasattr(r, "email") for r in responses.values())


def test_classic_blogger_export():
    export = read_export(BLOGGER, LONDON)
    assert export.source == "Blogger" and export.site_title == "Desk Side"
    assert export.site_url == "https://deskside.blogspot.com/"
    assert export.skipped == {"settings": 1, "template": 1}
    posts = {e.title: e for e in export.entries}
    interview = posts["An interview with Maria Lopez"]
    assert interview.slug == "an-interview-with-maria-lopez"
    assert interview.old_urls == ["https://deskside.blogspot.com/2013/02/an-interview-with-maria-lopez.html"]
    assert interview.tags == ["interviews", "chat support"] and interview.authors == ["Ana Ruiz"]
    assert date_line(interview.date, LONDON) == "2013-02-11 17:30"
    assert not interview.blank_lines_are_paragraphs
    comments = {c.id: c for c in interview.responses}
    assert comments["blogger-comment-9101"].name == "Tom B"
    assert comments["blogger-comment-9101"].website == "https://tomb.example"
    assert comments["blogger-comment-9102"].parent == "blogger-comment-9101"
    draft = posts["Onboarding, Part 3: The First Month"]
    assert draft.status == "draft" and draft.old_urls == []
    assert posts["Who writes Desk Side"].kind == "page"


def test_takeout_blogger_export():
    export = read_export(TAKEOUT, LONDON)
    posts = {e.title: e for e in export.entries}
    live = posts["Why the quiet queue matters"]
    assert live.status == "published" and live.slug == "why-quiet-queue-matters"
    assert live.old_urls == ["/2021/05/why-quiet-queue-matters.html"]
    assert live.tags == ["queues"]
    assert [c.name for c in live.responses] == ["Dana"]
    assert posts["Measuring the quiet queue"].status == "draft"
    assert posts["Deleted thoughts"].status == "trash"


@pytest.mark.parametrize("name, message", [
    ("truncated.xml", r"truncated.xml:35: not well-formed XML at column \d+ \(the file looks cut short\)"),
    ("not-an-export.xml", "not-an-export.xml: neither a WordPress export (WXR) nor a Blogger export"),
])
def test_files_that_are_not_exports_are_refused_naming_the_file(name, message):
    with pytest.raises(ExportError, match=message.replace("(WXR)", r"\(WXR\)")):
        read_export(EXPORTS / name, LONDON)


def test_an_empty_or_missing_file_is_refused(tmp_path: Path):
    empty = tmp_path / "empty.xml"
    empty.write_text("")
    with pytest.raises(ExportError, match="empty.xml: the file is empty"):
        read_export(empty, LONDON)
    with pytest.raises(ExportError, match="missing.xml: cannot read it"):
        read_export(tmp_path / "missing.xml", LONDON)
