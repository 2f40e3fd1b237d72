"""Import the test exports into a small site and build it with every plugin on, as a reader sees it."""

import pytest
from blog_import_support import AUTHORS_MAP, BLOGGER, TAKEOUT, WORDPRESS, make_uploads, run_import, small_site
from support import build_site

pytestmark = pytest.mark.slow

SITEURL = "https://voices.example.org"


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    root = tmp_path_factory.mktemp("imported")
    content = small_site(root / "content")
    (root / "authors.txt").write_text(AUTHORS_MAP)
    results = [
        run_import(WORDPRESS, content, authors_map=root / "authors.txt", uploads=make_uploads(root / "uploads")),
        run_import(BLOGGER, content),
        run_import(TAKEOUT, content),
    ]
    assert all(result.ok for result in results), [result.problems for result in results]
    # A live address, as after moving in (an https site wants an https sign-up service too).
    built = build_site(root / "output", content, SITEURL=SITEURL, NEWSLETTER_SERVICE_URL="https://subscribe.example.org")
    assert built.ok, built.stderr
    return built


def test_the_imported_site_builds_without_a_warning(imported):
    assert "WARNING" not in imported.stderr and "ERROR" not in imported.stderr, imported.stderr
    assert "(0 warning(s))" in imported.stdout


def test_the_imported_interview_has_its_layout(imported):
    page = imported.html("posts/interview-justin-case/index.html")
    assert [a.get_text() for a in page.select("nav.interview-contents ol > li > a")][:2] == [
        "How did you end up in customer service?", "What do new agents get wrong first?"]
    questions = page.select(".post__body h2.interview-question")
    assert [q["id"] for q in questions] == ["q1", "q2", "q3", "q4", "q5"]
    assert page.select_one(".conversation-meta").get_text(" ", strip=True) == \
        "Justin Case in conversation with Mira Reyes"
    image = page.select_one(".post__body img")
    assert image["src"] == f"{SITEURL}/images/2019/03/justin.jpg" and (image["width"], image["height"]) == ("60", "40")
    assert (imported.output / "images/2019/03/justin.jpg").is_file()


def test_the_imported_dialogue_and_transcript_have_their_layout(imported):
    page = imported.html("posts/refunds-that-feel-fair/index.html")
    turns = page.select(".post__body [data-speaker]")
    assert [turn["data-speaker"] for turn in turns] == ["Jenny", "Jeremy"] * 3
    assert [a.get_text() for a in page.select("main p.byline a[rel='author']")][:2] == ["Jenny Park", "Jeremy Cole"]
    thread = imported.html("posts/a-thread-on-hold-music/index.html")
    assert {turn["data-speaker"] for turn in thread.select(".post__body [data-speaker]")} == \
        {"jcole_support", "ana_ruiz", "samlee"}
    blogger = imported.html("posts/ana-and-sam-on-first-reply/index.html")
    assert len(blogger.select(".post__body [data-speaker]")) == 5


def test_imported_series_get_landing_pages(imported):
    landing = imported.html("series/customer-service/index.html")
    text = landing.get_text(" ", strip=True)
    assert "Customer Service 3 – Follow-through" in text and "Customer Service 4 – Flexibility" in text
    assert "Customer Service 5 – Recovery" in text  # the draft, as a planned part
    assert (imported.output / "series/the-5-ws-of-great-service/index.html").is_file()
    assert (imported.output / "series/onboarding/index.html").is_file()


def test_old_addresses_redirect_to_the_new_ones(imported):
    page = imported.html("2019/03/04/interview-justin-case/index.html")
    new = f"{SITEURL}/posts/interview-justin-case/"
    assert page.find("link", rel="canonical")["href"] == new
    assert page.find("meta", attrs={"http-equiv": "refresh"})["content"] == f"0; url={new}"
    assert page.find("a")["href"] == new
    blogger = imported.html("2013/02/an-interview-with-maria-lopez.html")
    assert blogger.find("link", rel="canonical")["href"] == f"{SITEURL}/posts/an-interview-with-maria-lopez/"
    assert (imported.output / "2021/05/why-quiet-queue-matters.html").is_file()
    assert (imported.output / "about-front-line-notes/index.html").is_file()
    nginx = imported.text("redirects.map").splitlines()
    assert "/2019/03/04/interview-justin-case/ /posts/interview-justin-case/;" in nginx
    assert "/2019/03/04/interview-justin-case /posts/interview-justin-case/;" in nginx
    assert "/?p=101 /posts/interview-justin-case/;" in nginx
    assert "/2013/02/an-interview-with-maria-lopez.html /posts/an-interview-with-maria-lopez/;" in nginx
    static_host = imported.text("_redirects").splitlines()
    assert "/2019/03/04/interview-justin-case/ /posts/interview-justin-case/ 301" in static_host
    assert not any(line.startswith("/?p=") for line in static_host)
    # Drafts have no old address to redirect.
    assert "customer-service-5-recovery" not in imported.text("redirects.map")


def test_comments_and_email_addresses_stay_out_of_the_built_site(imported):
    assert not (imported.output / "responses").exists()
    everything = b"".join(path.read_bytes() for path in imported.output.rglob("*") if path.is_file())
    for email in (b"priya@reader.example", b"sam@bookshop.example", b"mira@frontline.example.com"):
        assert email not in everything
    assert (imported.output / "authors/mira-reyes/index.html").is_file()
