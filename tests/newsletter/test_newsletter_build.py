"""The sample site's newsletter issues, read as a mail client, a browser and a feed reader would."""

import email
import email.policy
import json
import re

import feedparser
import pytest
from bs4 import BeautifulSoup

ISSUES = ("october-2026", "november-2026")
PLACEHOLDERS = ("%%UNSUBSCRIBE_URL%%", "%%GREETING_NAME%%")
PLACEHOLDER_PATTERN = re.compile(rb"%%[A-Z_]+%%")


def read_message(site, slug):
    data = (site.mail / slug / "message.eml").read_bytes()
    return data, email.message_from_bytes(data, policy=email.policy.default)


def email_soup(site, slug):
    return site.mail_html(f"{slug}/email.html")


@pytest.mark.parametrize("slug", ISSUES)
def test_every_issue_writes_all_its_files(sample_site, slug):
    assert (sample_site.output / "newsletter" / slug / "index.html").is_file()
    for name in ("email.html", "email.txt", "message.eml", "issue.json"):
        assert (sample_site.mail / slug / name).is_file(), name
        # The public site carries the web version only.
        assert not (sample_site.output / "newsletter" / slug / name).exists(), name


def test_no_public_file_holds_a_placeholder_or_a_mail_file(sample_site):
    leaks = [path.relative_to(sample_site.output).as_posix() for path in sample_site.output.rglob("*")
             if path.is_file() and path.suffix in (".html", ".xml", ".txt", ".json", ".eml")
             and (path.suffix == ".eml" or PLACEHOLDER_PATTERN.search(path.read_bytes()))]
    assert leaks == []
    assert (sample_site.mail / "build.json").is_file()


def test_message_headers_follow_the_contract(sample_site):
    data, message = read_message(sample_site, "october-2026")
    head = data.split(b"\r\n\r\n", 1)[0]
    assert message["Subject"] == "Service Voices – October: voices from the desk"
    assert re.search(rb"^Subject: .*=\?utf-8\?[bq]\?", head, re.M | re.I)
    assert message["From"].addresses[0].addr_spec == "newsletter@service-voices.example"
    assert message["List-Unsubscribe"] == "<%%UNSUBSCRIBE_URL%%>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["List-Id"] == "Service Voices newsletter <newsletter.service-voices.example>"
    assert message["Date"].datetime.isoformat() == "2026-10-01T08:00:00+00:00"


@pytest.mark.parametrize("slug", ISSUES)
def test_message_is_text_then_html_in_quoted_printable_utf8(sample_site, slug):
    data, message = read_message(sample_site, slug)
    assert message.get_content_type() == "multipart/alternative"
    parts = list(message.iter_parts())
    assert [part.get_content_type() for part in parts] == ["text/plain", "text/html"]
    for part in parts:
        assert part.get_content_charset() == "utf-8"
        assert part["Content-Transfer-Encoding"] == "quoted-printable"
    assert all(len(line) <= 998 for line in data.split(b"\r\n"))
    assert b"\n" not in data.replace(b"\r\n", b"")  # CRLF only, ready for SMTP
    # Sending substitutes the placeholders in the raw bytes, so they must not be split.
    assert data.count(b"%%UNSUBSCRIBE_URL%%") == 3
    assert data.count(b"%%GREETING_NAME%%") == 2
    site_text = (sample_site.mail / slug / "email.txt").read_text(encoding="utf-8")
    site_html = (sample_site.mail / slug / "email.html").read_text(encoding="utf-8")
    assert parts[0].get_content().replace("\r\n", "\n") == site_text
    assert parts[1].get_content().replace("\r\n", "\n") == site_html.replace("\r\n", "\n")


@pytest.mark.parametrize("slug", ISSUES)
def test_email_html_has_only_absolute_urls(sample_site, slug):
    soup = email_soup(sample_site, slug)
    urls = [a["href"] for a in soup.find_all("a", href=True)] + [i["src"] for i in soup.find_all("img")]
    assert len(urls) > 5
    for url in urls:
        assert url.startswith(("http://127.0.0.1:8000/", "mailto:")) or url == "%%UNSUBSCRIBE_URL%%", url


def test_email_html_is_a_narrow_table_with_inlined_css_and_phone_rules(sample_site):
    soup = email_soup(sample_site, "october-2026")
    widths = [int(table["width"]) for table in soup.find_all("table") if table.get("width", "").isdigit()]
    assert widths and max(widths) <= 600
    assert "@media" in soup.style.string and "max-width: 620px" in soup.style.string
    letter = soup.find("td", class_="letter")
    assert "font-family" in letter["style"]
    assert all(p.get("style") for p in letter.find_all("p"))


def test_email_html_has_hidden_preheader_footer_and_unsubscribe(sample_site):
    soup = email_soup(sample_site, "october-2026")
    preheader = soup.body.find("div")
    assert preheader.get_text().startswith("A series finale, a director who reads twenty tickets")
    assert "font-size: 0" in preheader["style"]
    footer = soup.find("td", class_="footer")
    assert "Service Voices, 12 Example Street" in footer.get_text()
    assert footer.find("a", string="Unsubscribe")["href"] == "%%UNSUBSCRIBE_URL%%"
    assert "Hi %%GREETING_NAME%%," in soup.find("td", class_="letter").get_text()


def test_email_items_have_title_authors_summary_link_part_and_speaker(sample_site):
    soup = email_soup(sample_site, "october-2026")
    items = soup.find_all("td", class_="item")
    titles = [item.find("h3").get_text(strip=True) for item in items]
    assert titles == ["Customer Service 4: Flexibility", "The Practitioner Interview: Ana Ruiz",
                      "A Thread on Refund Anxiety"]
    flexibility, interview, thread = items
    assert "By Jeremy Cole" in flexibility.get_text()
    assert "knowing what each rule is for" in flexibility.find("p", class_="item-summary").get_text()
    assert flexibility.find("a", string=re.compile("^Read"))["href"].endswith("/posts/customer-service-4-flexibility/")
    assert "Part 4 of 4" in flexibility.find("p", class_="item-part").get_text()
    assert interview.find("p", class_="item-turn").b.get_text(strip=True) == "Ana Ruiz:"
    assert thread.find("p", class_="item-turn").b is not None


def posts_between(site, after, until):
    """Titles of published posts dated in (after, until], newest first, from the main feed."""
    feed = feedparser.parse(site.output / "feeds/all.atom.xml")
    dated = sorted(((entry.published, entry.title) for entry in feed.entries), reverse=True)
    return [title for published, title in dated if after < published <= until]


def test_issue_without_articles_line_takes_posts_since_the_previous_issue(sample_site):
    expected = posts_between(sample_site, "2026-10-01T08:00:00+00:00", "2026-11-05T08:00:00+00:00")
    assert "What a Good Escalation Looks Like" in expected and "Saying No Without Losing the Customer" in expected
    titles = [heading.get_text(strip=True) for heading in email_soup(sample_site, "november-2026").select("td.item h3")]
    assert titles == expected


def test_plain_text_reads_like_a_letter(sample_site):
    text = (sample_site.mail / "october-2026/email.txt").read_text(encoding="utf-8")
    assert "<" not in text and "&" not in text
    lines = text.splitlines()
    assert "Hi %%GREETING_NAME%%," in lines and "Unsubscribe: %%UNSUBSCRIBE_URL%%" in lines
    for line in lines:
        assert len(line) <= 72 or line.strip().startswith("http"), line
    assert "   http://127.0.0.1:8000/posts/practitioner-interview-ana-ruiz/" in lines
    assert "   Part 4 of 4 · Customer Service Basics" in lines
    assert any(line.startswith("   > Ana Ruiz:") for line in lines)
    assert "Service Voices, 12 Example Street, Springfield 00000" in lines


def test_issue_json_describes_the_issue(sample_site):
    data = json.loads((sample_site.mail / "october-2026/issue.json").read_text(encoding="utf-8"))
    assert data == {
        "slug": "october-2026",
        "title": "October 2026: Voices from the Desk",
        "subject": "Service Voices – October: voices from the desk",
        "preheader": "A series finale, a director who reads twenty tickets every Monday, and a thread about refunds.",
        "date": "2026-10-01T08:00:00+00:00",
        "url": "http://127.0.0.1:8000/newsletter/october-2026/",
    }


def test_web_version_uses_the_site_theme_without_placeholders(sample_site):
    page = sample_site.text("newsletter/november-2026/index.html")
    soup = BeautifulSoup(page, "lxml")
    assert soup.find("header", class_="site-header") and soup.h1.get_text() == "November 2026: Saying No, Moving Up"
    assert "escalation ladder" in soup.find(class_="newsletter-issue__letter").get_text()
    assert [a.get_text() for a in soup.select(".newsletter-item__title a")] == posts_between(
        sample_site, "2026-10-01T08:00:00+00:00", "2026-11-05T08:00:00+00:00")
    assert not any(placeholder in page for placeholder in PLACEHOLDERS)
    assert ".newsletter-issue__letter{" in sample_site.stylesheets("newsletter/november-2026/index.html")


def test_archive_lists_issues_newest_first_and_nav_links_to_it(sample_site):
    soup = sample_site.html("newsletter/index.html")
    links = [a["href"] for a in soup.select(".newsletter-archive__title a")]
    assert links == ["http://127.0.0.1:8000/newsletter/november-2026/",
                     "http://127.0.0.1:8000/newsletter/october-2026/"]
    nav = sample_site.html("index.html").find("nav", class_="site-nav")
    assert nav.find("a", string="Newsletter")["href"] == "http://127.0.0.1:8000/newsletter/"


def test_issue_feed_lists_every_issue(sample_site):
    feed = feedparser.parse(sample_site.output / "feeds/newsletter.atom.xml")
    assert not feed.bozo, feed.bozo_exception
    assert feed.feed.id == "http://127.0.0.1:8000/feeds/newsletter.atom.xml"
    assert [entry.link for entry in feed.entries] == ["http://127.0.0.1:8000/newsletter/november-2026/",
                                                      "http://127.0.0.1:8000/newsletter/october-2026/"]
    content = feed.entries[1].content[0].value
    assert "first issue of the Service Voices newsletter" in content
    assert "/posts/customer-service-4-flexibility/" in content
    assert "%%" not in content


def test_issues_stay_out_of_the_blog_index_and_main_feed(sample_site):
    assert "newsletter/october-2026" not in sample_site.text("index.html")
    assert "newsletter/" not in sample_site.text("feeds/all.atom.xml")
    assert "October 2026: Voices" not in sample_site.text("archives/index.html")
