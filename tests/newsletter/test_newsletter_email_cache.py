"""The email files of each issue are kept under CACHE_PATH and reused while nothing they depend on changes."""

import json
import re

import pytest
import support
from bs4 import BeautifulSoup
from newsletter.email_cache import EmailCache, EmailFiles
from newsletter.email_html import email_problems

ISSUES = ("october-2026", "november-2026")
FILES = ("email.html", "email.txt", "message.eml", "issue.json")
PLUGINS = ["content_checks", "author_profiles", "site_feeds", "site_discovery", "newsletter"]


def email_files(output):
    return {(slug, name): (output / "newsletter" / slug / name).read_bytes() for slug in ISSUES for name in FILES}


def cache_entries(cache):
    return {slug: json.loads((cache / "newsletter" / f"{slug}.json").read_text(encoding="utf-8"))["key"]
            for slug in ISSUES}


def build(tmp, name, content, cache, **overrides):
    built = support.build_site(tmp / name, content=content, CACHE_PATH=str(cache), PLUGINS=PLUGINS, **overrides)
    assert built.returncode == 0, built.stderr
    return built


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    """First build, unchanged rebuild, build without the cache, then one post retitled, then the template edited."""
    tmp = tmp_path_factory.mktemp("email-cache")
    content = support.copy_sample_content(tmp / "content")
    cache = tmp / "cache"
    result = {"tmp": tmp}
    build(tmp, "first", content, cache)
    result["first"] = email_files(tmp / "first")
    result["first_keys"] = cache_entries(cache)
    result["first_mtimes"] = {slug: (cache / "newsletter" / f"{slug}.json").stat().st_mtime_ns for slug in ISSUES}
    build(tmp, "again", content, cache)
    result["again"] = email_files(tmp / "again")
    result["again_mtimes"] = {slug: (cache / "newsletter" / f"{slug}.json").stat().st_mtime_ns for slug in ISSUES}
    build(tmp, "uncached", content, tmp / "other-cache", NEWSLETTER_CACHE_DIR=None)
    result["uncached"] = email_files(tmp / "uncached")
    result["uncached_cache_used"] = (tmp / "other-cache" / "newsletter").exists()

    post = content / "posts" / "a-thread-on-refund-anxiety.md"
    result["cache_files"] = sorted(path.name for path in (cache / "newsletter").iterdir())
    text = post.read_text(encoding="utf-8")
    text = text.replace("Title: A Thread on Refund Anxiety", "Title: A Thread on Refund Worries", 1)
    text = text.replace("Summary: A short public thread", "Summary: A brief public thread", 1)
    post.write_text(text, encoding="utf-8")
    build(tmp, "retitled", content, cache)
    result["retitled"] = email_files(tmp / "retitled")
    result["retitled_keys"] = cache_entries(cache)

    overrides = tmp / "overrides" / "newsletter"
    overrides.mkdir(parents=True)
    css = (support.ROOT / "theme" / "templates" / "newsletter" / "email.css").read_text(encoding="utf-8")
    (overrides / "email.css").write_text(css + "\n.item-title { letter-spacing: 0.01em; }\n", encoding="utf-8")
    build(tmp, "restyled", content, cache, THEME_TEMPLATES_OVERRIDES=[str(tmp / "overrides")])
    result["restyled"] = email_files(tmp / "restyled")
    result["restyled_keys"] = cache_entries(cache)
    return result


def test_an_unchanged_rebuild_reuses_the_cache_and_writes_the_same_bytes(builds):
    assert builds["again_mtimes"] == builds["first_mtimes"]  # nothing re-rendered, nothing rewritten
    # Digests come from what the reader recorded: no post is parsed, so nothing per post is kept.
    assert builds["cache_files"] == [f"{slug}.json" for slug in sorted(ISSUES)]
    assert builds["again"] == builds["first"]


def without_boundaries(files):
    # The MIME boundary is random in every rendering, cached or not; all else must match.
    return {name: re.sub(rb"={15}\d+==", b"BOUNDARY", data) for name, data in files.items()}


def test_the_files_are_identical_with_and_without_the_cache(builds):
    assert not builds["uncached_cache_used"]
    assert without_boundaries(builds["uncached"]) == without_boundaries(builds["first"])


def test_a_retitled_post_re_renders_only_the_issue_that_lists_it(builds):
    assert builds["retitled_keys"]["october-2026"] != builds["first_keys"]["october-2026"]
    assert builds["retitled_keys"]["november-2026"] == builds["first_keys"]["november-2026"]
    html = builds["retitled"][("october-2026", "email.html")].decode("utf-8")
    assert "A Thread on Refund Worries" in html and "Refund Anxiety" not in html
    assert "Refund Worries" in builds["retitled"][("october-2026", "email.txt")].decode("utf-8")
    assert "A brief public thread" in html and "A short public thread" not in html


def test_an_edited_email_stylesheet_re_renders_every_issue(builds):
    for slug in ISSUES:
        assert builds["restyled_keys"][slug] != builds["retitled_keys"][slug]
        html = builds["restyled"][(slug, "email.html")].decode("utf-8")
        assert "letter-spacing: 0.01em" in html


def test_a_corrupt_or_foreign_entry_is_ignored(tmp_path):
    cache = EmailCache(tmp_path)
    files = EmailFiles(html="<p>hi</p>\n", text="hi\n", message=b"Subject: x\r\n\r\nhi\r\n", summary="{}",
                       warnings=["image without alt text in the email: a.png"])
    cache.put("issue", "key-1", files)
    assert cache.get("issue", "key-1") == files
    assert cache.get("issue", "key-2") is None
    assert cache.get("other", "key-1") is None
    cache.path_for("issue").write_text('{"key": "key-1", "html": ', encoding="utf-8")
    assert cache.get("issue", "key-1") is None
    cache.path_for("issue").write_text('{"key": "key-1", "html": "x"}', encoding="utf-8")
    assert cache.get("issue", "key-1") is None


def soup_problems(html, max_bytes):
    """The checks as a full BeautifulSoup parse reads them, to compare the lighter scan with."""
    problems = []
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(["a", "img"]):
        attribute = "href" if tag.name == "a" else "src"
        url = tag.get(attribute)
        if url is not None and not (url.strip().startswith(("http://", "https://", "mailto:", "tel:", "#"))
                                    or url.strip() in ("%%UNSUBSCRIBE_URL%%", "%%GREETING_NAME%%")):
            problems.append(f"relative URL left in the email: {attribute}=\"{url}\"")
    for image in soup.find_all("img"):
        src = image.get("src", "")
        if not (image.get("alt") or "").strip():
            problems.append(f"image without alt text in the email: {src}")
        if not (image.get("width") and image.get("height")):
            problems.append(f"image without width and height in the email: {src}")
    return problems


@pytest.mark.parametrize("html", [
    '<a href="/x">x</a><IMG SRC="pic.png" ALT="" width=3 height=4/><a href>bare</a><a>none</a>',
    '<img src="a.png" src="https://s.example/b.png" alt="b" alt=" "><a href="&#47;amp&amp;">e</a>',
    '<script>var s = "<a href=\'/in-script\'>";</script><style>a{}</style><!-- <img src="c.png"> -->'
    '<img src="https://s.example/d.png" alt="d" width="1">',
])
def test_the_light_scan_warns_exactly_as_a_full_parse(html):
    assert email_problems(html, 10**6) == soup_problems(html, 10**6)
