"""The newsletter plugin's pure parts, without Pelican: choosing posts, digests,
plain text, the email checks and the MIME message."""

import datetime as dt
import email
import email.policy
import struct
import zlib
from dataclasses import dataclass

import markdown
import pytest
from bs4 import BeautifulSoup
from conversations.mdext import ConversationsExtension
from newsletter.digest import inline_html, make_digest, opening_turn, part_label
from newsletter.email_html import email_problems, inline_email, make_inliner, size_images
from newsletter.issues import Issue, assign_articles, issue_from_metadata, split_slugs
from newsletter.message import build_message, long_lines, message_bytes
from newsletter.plain_text import html_to_text, paragraph_text

from service_voices.images import image_size
from service_voices.markdown_records import RecordsExtension

UTC = dt.UTC


@dataclass
class FakePost:  # the two attributes assign_articles reads
    slug: str
    date: dt.datetime


def day(month, number):
    return dt.datetime(2026, month, number, 9, tzinfo=UTC)


def issue(slug, date, articles=None, letter="<p>Hello.</p>"):
    return Issue(source_path=f"{slug}.md", slug=slug, title=slug, date=date, subject=slug, preheader="",
                 letter_html=letter, article_slugs=articles)


def test_issue_defaults_subject_to_title_and_keeps_article_order():
    made = issue_from_metadata({"title": "May", "date": day(5, 1), "articles": "b, a,\n c"}, "<p>x</p>", "may.md", "may")
    assert made.subject == "May"
    assert made.article_slugs == ["b", "a", "c"]
    assert split_slugs(" one , ,two ") == ["one", "two"]


def test_issue_without_articles_takes_posts_since_previous_issue_newest_first():
    posts = [FakePost("early", day(9, 5)), FakePost("mid", day(9, 20)), FakePost("late", day(10, 10)),
             FakePost("later", day(10, 20)), FakePost("future", day(12, 1))]
    september, october = issue("sep", day(9, 30)), issue("oct", day(10, 31))
    problems = assign_articles([october, september], posts)
    assert problems == []
    assert [p.slug for p in september.articles] == ["mid", "early"]
    assert [p.slug for p in october.articles] == ["later", "late"]


def test_explicit_articles_keep_order_and_report_unknown_slugs():
    posts = [FakePost("a", day(1, 1)), FakePost("b", day(2, 1))]
    chosen = issue("x", day(3, 1), articles=["b", "missing", "a"])
    problems = assign_articles([chosen], posts)
    assert [p.slug for p in chosen.articles] == ["b", "a"]
    assert problems == [(chosen, "Articles: no published post has the slug 'missing'")]


def recorded(text: str) -> markdown.Markdown:
    """A post converted as the site's reader does it, holding what was recorded."""
    md = markdown.Markdown(extensions=["extra", "toc", "meta", ConversationsExtension(), RecordsExtension()])
    md.convert(text)
    return md


def test_digest_keeps_speaker_label_of_first_turn_and_absolute_links():
    md = recorded("Layout: interview\nInterviewee: Ana Ruiz\n\n![Photo](/ana.png)\n\n"
                  "An introduction by the editor.\n\n"
                  "Q: Which habits matter?\n\nNames, *mostly*. See [the FAQ](/faq/).\n")
    digest = make_digest(title="Talk", url="https://site.example/posts/talk/", authors=["Dana Brooks"],
                         date=day(8, 5), summary_html=None, first_paragraph_html=md.first_paragraph,
                         opening_turn_html=opening_turn(md.conversation))
    assert digest.summary_html == "An introduction by the editor."
    assert digest.first_turn_html == ('<b>Ana Ruiz:</b> Names, <em>mostly</em>. '
                                      'See <a href="https://site.example/faq/">the FAQ</a>.')


def test_digest_of_ordinary_post_uses_summary_and_no_turn():
    md = recorded("**Bold** opening.\n")
    assert md.conversation is None
    digest = make_digest(title="T", url="https://s.example/p/", authors=[], date=day(1, 1),
                         summary_html="<p>The <strong>short</strong> version.</p>",
                         first_paragraph_html=md.first_paragraph, opening_turn_html=opening_turn(md.conversation))
    assert digest.summary_html == "The <strong>short</strong> version."
    assert digest.first_turn_html == ""
    # Without a Summary: line, the first paragraph stands in, as inline markup.
    digest = make_digest(title="T", url="https://s.example/p/", authors=[], date=day(1, 1), summary_html=None,
                         first_paragraph_html=md.first_paragraph)
    assert digest.summary_html == "<strong>Bold</strong> opening."


def test_series_part_label_only_from_a_series_dict():
    assert part_label({"name": "Basics", "index": 2, "total": 4}) == ("Part 2 of 4", "Basics")
    assert part_label("Basics") == ("", "")
    assert part_label(None) == ("", "")


def test_plain_text_wraps_and_writes_links_out():
    html = ('<p>' + "word " * 40 + '<a href="https://site.example/posts/x/">read this</a>.</p>'
            '<ul><li>first point</li><li>second <a href="mailto:e@x.example">point</a></li></ul>')
    text = html_to_text(html, 60)
    assert "read this (https://site.example/posts/x/)." in text.replace("\n", " ")
    assert "* first point" in text and "* second point (e@x.example)" in text
    assert all(len(line) <= 60 for line in text.splitlines())
    assert "<" not in text


def test_email_checks_find_relative_urls_missing_alt_and_size():
    html = ('<a href="/posts/x/">x</a><a href="%%UNSUBSCRIBE_URL%%">u</a><a href="https://a.example/">a</a>'
            '<img src="https://a.example/i.png" width="1" height="1">')
    problems = email_problems(html, max_bytes=50)
    assert any("over" in p and "Gmail" in p for p in problems)
    assert 'relative URL left in the email: href="/posts/x/"' in problems
    assert "image without alt text in the email: https://a.example/i.png" in problems
    assert not any("UNSUBSCRIBE" in p for p in problems)


def test_images_get_width_and_height_scaled_to_the_column():
    sized = size_images('<p><img alt="chart" src="https://s.example/big.png"></p>', lambda src: (1200, 600), 560)
    assert 'width="560"' in sized and 'height="280"' in sized


def test_image_size_reads_png_and_svg(tmp_path):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 3, 2, 8, 0, 0, 0, 0))
           + chunk(b"IDAT", zlib.compress(b"\x00\x00\x00\x00" * 2)) + chunk(b"IEND", b""))
    (tmp_path / "dot.png").write_bytes(png)
    (tmp_path / "box.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 640 360"></svg>')
    assert image_size(tmp_path / "dot.png") == (3, 2)
    assert image_size(tmp_path / "box.svg") == (640, 360)
    assert image_size(tmp_path / "missing.png") is None


def test_inlining_keeps_media_rules_and_isolates_the_placeholder_attribute():
    html = ('<html><head><style>p { color: #123456; } @media (max-width: 600px) { p { color: red; } }</style>'
            '</head><body><p>Hi</p><a class="x" href="%%UNSUBSCRIBE_URL%%">Unsubscribe</a></body></html>')
    done = inline_email(html, make_inliner())
    assert 'style="color: #123456;"' in done
    assert "@media (max-width: 600px)" in done
    assert '\nhref="%%UNSUBSCRIBE_URL%%"\n' in done


def test_message_is_multipart_alternative_in_quoted_printable_with_literal_placeholders():
    html = "<p>" + "Long line é " * 200 + '</p><a\nhref="%%UNSUBSCRIBE_URL%%"\n>Unsubscribe</a>'
    text = "Hi %%GREETING_NAME%%,\n\nCafé – notes.\n\nUnsubscribe: %%UNSUBSCRIBE_URL%%\n"
    message = build_message(subject="Notes – March", sender="List <list@example.org>",
                            list_id="List <list.example.org>", date=day(3, 1), text=text, html=html,
                            web_url="https://s.example/newsletter/march/")
    data = message_bytes(message)
    assert long_lines(data) == []
    subject_line = next(line for line in data.split(b"\r\n") if line.startswith(b"Subject:"))
    assert b"=?utf-8?" in subject_line and "–".encode() not in data.split(b"\r\n\r\n")[0]
    assert data.count(b"%%UNSUBSCRIBE_URL%%") == 3  # header, text part, HTML part
    assert b"%%GREETING_NAME%%" in data
    parsed = email.message_from_bytes(data, policy=email.policy.default)
    assert parsed["Subject"] == "Notes – March"
    assert [part.get_content_type() for part in parsed.iter_parts()] == ["text/plain", "text/html"]
    for part in parsed.iter_parts():
        assert part["Content-Transfer-Encoding"] == "quoted-printable"
        assert part.get_content_charset() == "utf-8"
    assert parsed.get_body(("plain",)).get_content().replace("\r\n", "\n") == text


@pytest.mark.parametrize("fragment", ["Plain words,\nover two lines. ", "Words &amp; <em>markup</em>", "  ", "1 > 0"])
def test_a_plain_fragment_reads_as_its_parse_would(fragment):
    assert inline_html(fragment, "https://x.example/") == str(BeautifulSoup(fragment, "html.parser")).strip()
    for prefix, quoted, html in (("", False, f"<p>{fragment}</p>"), ("Q: ", False, f"<p>Q: {fragment}</p>"),
                                 ("", True, f"<blockquote><p>{fragment}</p></blockquote>")):
        assert paragraph_text(fragment, 30, prefix=prefix, quoted=quoted) == html_to_text(html, 30)
