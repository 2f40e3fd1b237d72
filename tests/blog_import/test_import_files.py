"""What an import writes, what it refuses to touch, and the command's messages and exit codes."""

import json
import re
import subprocess
import sys

import pytest
from blog_import_support import (
    AUTHORS_MAP,
    BLOGGER,
    EXPORTS,
    WORDPRESS,
    make_uploads,
    run_import,
    small_site,
    wxr_with,
)
from support import ROOT

COMMENTER_EMAILS = ("priya@reader.example", "sam@bookshop.example", "spam@spam.example", "noreply@blogger.com")


def snapshot(folder):
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*"))
            if path.is_file()}


@pytest.fixture
def site(tmp_path):
    small_site(tmp_path / "content")
    (tmp_path / "authors.txt").write_text(AUTHORS_MAP)
    make_uploads(tmp_path / "uploads")
    return tmp_path


def wordpress_import(site, **options):
    return run_import(WORDPRESS, site / "content", authors_map=site / "authors.txt", uploads=site / "uploads",
                      **options)


def test_a_wordpress_import_writes_every_kind_of_file(site):
    before = snapshot(site / "content")
    result = wordpress_import(site)
    assert result.ok, result.problems
    after = snapshot(site / "content")
    added = sorted(set(after) - set(before))
    assert added == [
        "authors/mira-reyes.md",
        "images/2019/03/justin.jpg", "images/2019/06/channel-guide.pdf", "images/2019/06/channels.png",
        "images/2019/06/queue-poster.png",
        "pages/about-front-line-notes.md",
        "posts/a-thread-on-hold-music.md", "posts/customer-service-3-follow-through.md",
        "posts/customer-service-4-flexibility.md", "posts/customer-service-5-recovery.md",
        "posts/five-steps-to-a-calmer-queue.md", "posts/five-ws-when.md", "posts/five-ws-where.md",
        "posts/interview-justin-case.md", "posts/notes-from-the-team-meeting.md", "posts/refunds-that-feel-fair.md",
        "posts/two-things-that-matter.md",
        "responses/posts/interview-justin-case.json",
        "series/customer-service.md", "series/the-5-ws-of-great-service.md",
    ]
    assert {name: after[name] for name in before} == before  # nothing that was there changed
    assert after["authors/mira-reyes.md"] == b"Name: Mira Reyes\n"
    assert after["images/2019/03/justin.jpg"] == (site / "uploads/2019/03/justin.jpg").read_bytes()
    post = after["posts/interview-justin-case.md"].decode()
    assert post.startswith(
        "Title: Interview: Justin Case, Head of Support at Acme\nDate: 2019-03-04 09:15\nCategory: Interviews\n"
        "Tags: habits, hiring training\nAuthors: Mira Reyes\nLayout: interview\nInterviewee: Justin Case\n"
        "Summary: Justin Case on the habits his support team swears by.\nSlug: interview-justin-case\n"
        "Old_url: https://frontline.example.com/2019/03/04/interview-justin-case/ "
        "https://frontline.example.com/?p=101\n\n")
    draft = after["posts/customer-service-5-recovery.md"].decode()
    assert "\nStatus: draft\n" in draft and "Old_url" not in draft
    # The second category of a post becomes a tag.
    assert "\nCategory: Conversations\nTags: refunds, Refund week\n" in after["posts/refunds-that-feel-fair.md"].decode()
    assert "Salary bands" not in str(after)


def test_comments_and_pingbacks_are_kept_without_email_addresses(site):
    wordpress_import(site)
    run_import(BLOGGER, site / "content")
    stored = json.loads((site / "content/responses/posts/interview-justin-case.json").read_text())
    assert stored["post"]["slug"] == "interview-justin-case"
    by_id = {item["id"]: item for item in stored["responses"]}
    assert by_id["wp-comment-11"] == {
        "id": "wp-comment-11", "type": "comment", "status": "approved", "published": "2019-03-05T08:00:00+00:00",
        "author": {"name": "Priya N.", "url": "https://priya.example"},
        "content_html": '<p>The "one more question" habit changed my week.</p><p>Thanks for this.</p>',
        "in_reply_to": None}
    assert by_id["wp-comment-12"]["in_reply_to"] == "wp-comment-11"
    assert by_id["wp-comment-13"]["status"] == "pending"
    assert by_id["wp-comment-15"]["type"] == "mention"
    assert "wp-comment-14" not in by_id  # spam stays behind
    everything = b"".join(snapshot(site / "content").values())
    for email in COMMENTER_EMAILS:
        assert email.encode() not in everything


def test_importing_the_same_file_twice_changes_nothing(site):
    first = wordpress_import(site)
    written = snapshot(site / "content")
    times = {path: path.stat().st_mtime_ns for path in (site / "content").rglob("*") if path.is_file()}
    second = wordpress_import(site)
    assert second.ok and second.outcome.written == [] and second.outcome.refused == []
    # Profiles and series files now exist, so they are not planned again; everything else is unchanged.
    assert {p.path for p in second.outcome.unchanged} == {
        p.path for p in first.outcome.written if p.what not in ("profile", "series file")}
    assert snapshot(site / "content") == written
    assert {path: path.stat().st_mtime_ns for path in times} == times


def test_an_edited_post_is_not_overwritten_unless_asked(site):
    wordpress_import(site)
    post = site / "content/posts/two-things-that-matter.md"
    profile = site / "content/authors/mira-reyes.md"
    post.write_text(post.read_text() + "\nAn edit made after the import.\n")
    profile.write_text("Name: Mira Reyes\nRole: Support Lead\n")
    again = wordpress_import(site)
    assert not again.ok
    assert again.problems == [f"{site.name}/content/posts/two-things-that-matter.md: already exists and differs; "
                              "not overwritten (use --overwrite)".replace(f"{site.name}/", "")]
    assert "An edit made after the import." in post.read_text()
    forced = wordpress_import(site, overwrite=True)
    assert forced.ok and "An edit made after the import." not in post.read_text()
    # People's profiles are never replaced, even when asked.
    assert profile.read_text() == "Name: Mira Reyes\nRole: Support Lead\n"


def test_a_dry_run_writes_nothing_and_reports_the_same(site):
    before = snapshot(site)
    dry = wordpress_import(site, dry_run=True)
    assert snapshot(site) == before
    real = wordpress_import(site)
    assert dry.lines == real.lines
    assert [p.path for p in dry.outcome.written] == [p.path for p in real.outcome.written]


def test_a_slug_already_used_by_another_post_is_not_imported(site):
    (site / "content/posts/mine.md").write_text("Title: Mine\nDate: 2020-01-01\nSlug: post-1\n\nMine.\n")
    (site / "small.xml").write_text(wxr_with(("Clash", "Clashing slug."), ("Fine", "Fine post.")))
    result = run_import(site / "small.xml", site / "content")
    assert result.problems == [f"{site / 'small.xml'}: entry \"Clash\": the slug 'post-1' is already used by "
                               "content/posts/mine.md; not imported"]
    assert (site / "content/posts/post-2.md").is_file()
    assert (site / "content/posts/mine.md").read_text().endswith("Mine.\n")


def test_password_protected_and_scheduled_posts(site):
    export = wxr_with(("Locked", "Members only."), ("Coming soon", "Next month."))
    export = export.replace("<wp:post_id>1</wp:post_id>", "<wp:post_id>1</wp:post_id><wp:post_password>pw</wp:post_password>")
    export = re.sub(r"(<wp:post_id>2</wp:post_id>.*?<wp:status><!\[CDATA\[)publish", r"\1future", export,
                    flags=re.DOTALL)
    (site / "small.xml").write_text(export)
    result = run_import(site / "small.xml", site / "content")
    assert 'skipped post "Locked": password-protected, so it stays unpublished' in result.lines
    assert not (site / "content/posts/post-1.md").exists()
    assert "  scheduled on the old blog: imported as a draft" in result.lines
    assert "\nStatus: draft\n" in (site / "content/posts/post-2.md").read_text()


def test_entries_without_title_or_date_are_named_and_the_rest_imported(site):
    result = run_import(EXPORTS / "bad-entries.xml", site / "content")
    assert result.problems == [
        f'{EXPORTS / "bad-entries.xml"}: entry "A post without a date": no date; not imported',
        f"{EXPORTS / 'bad-entries.xml'}: entry id 2: no title; not imported",
    ]
    assert (site / "content/posts/fine.md").is_file()
    assert not (site / "content/posts/no-date.md").exists()


@pytest.mark.parametrize("name", ["truncated.xml", "not-an-export.xml"])
def test_a_file_that_fails_writes_nothing(site, name):
    before = snapshot(site)
    result = run_import(EXPORTS / name, site / "content")
    assert result.failed.startswith(f"{EXPORTS / name}") and result.lines == []
    assert snapshot(site) == before


def test_a_bad_authors_map_line_is_named(site):
    (site / "authors.txt").write_text("jpark: Jenny Park\njcole Jeremy Cole\n")
    result = wordpress_import(site)
    assert result.failed == f"{site / 'authors.txt'}:2: expected 'login: Profile Name', got 'jcole Jeremy Cole'"
    (site / "authors.txt").write_text("jpark: Jenny and Jeremy\n")
    assert "cannot be an author's name" in wordpress_import(site).failed


def invoke(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "invoke", "import-blog", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=120)


def test_the_command_prints_the_report_and_writes_nothing_on_a_dry_run():
    done = invoke(str(WORDPRESS), "--dry-run")
    assert done.returncode == 1, done.stderr  # the sample site already has two of these posts
    assert "content/posts/interview-justin-case.md: interview: 5 numbered questions" in done.stdout
    assert "ERROR: content/posts/customer-service-4-flexibility.md: already exists and differs" in done.stdout
    assert done.stdout.rstrip().endswith("Dry run: nothing was written.")
    assert not (ROOT / "content/posts/interview-justin-case.md").exists()


@pytest.mark.parametrize("name, message", [
    ("truncated.xml", "truncated.xml:35: not well-formed XML at column"),
    ("not-an-export.xml", "not-an-export.xml: neither a WordPress export (WXR) nor a Blogger export"),
])
def test_the_command_refuses_bad_files_in_one_line(name, message):
    done = invoke(str(EXPORTS / name), "--dry-run")
    assert done.returncode == 1
    assert message in done.stderr and "Traceback" not in done.stderr + done.stdout
    assert len(done.stderr.strip().splitlines()) == 1


def test_the_command_checks_its_options():
    done = invoke(str(WORDPRESS), "--uploads", "no-such-folder")
    assert done.returncode == 2 and "no-such-folder: --uploads must be a folder" in done.stderr
