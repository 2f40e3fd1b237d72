"""The email's design as a mail client reads it: a masthead, buttons, the question an
interview excerpt answers, and both colour schemes declared and designed."""

import re

import markdown
from conversations.mdext import ConversationsExtension
from newsletter.digest import make_digest, opening_question, opening_turn

from service_voices.markdown_records import RecordsExtension

EMAIL = "october-2026/email.html"  # in the mail folder beside the output, never published


def items_by_title(soup) -> dict:
    return {item.h3.get_text(strip=True): item for item in soup.find_all("td", class_="item")}


def test_the_email_declares_both_colour_schemes_and_designs_the_dark_one(sample_site):
    soup = sample_site.mail_html(EMAIL)
    metas = {meta["name"]: meta["content"] for meta in soup.find_all("meta", attrs={"name": True})}
    assert metas["color-scheme"] == "light dark"
    assert metas["supported-color-schemes"] == "light dark"
    style = soup.find("style").get_text()
    assert "@media (prefers-color-scheme: dark)" in style
    # Inlined styles use no serif face: one type family, the site's, with fallbacks.
    inline = " ".join(tag["style"] for tag in soup.find_all(style=True))
    assert "Georgia" not in inline and "serif;" not in inline.replace("sans-serif", "")
    assert "Arial, sans-serif" in inline


def test_a_masthead_band_with_the_site_name(sample_site):
    masthead = sample_site.mail_html(EMAIL).find("td", class_="masthead")
    assert masthead["bgcolor"] == "#0b2f57" and "background-color: #0b2f57" in masthead["style"]
    assert masthead.a.get_text() == "Service Voices" and "color: #ffffff" in masthead.a["style"]


def test_each_item_links_through_a_button(sample_site):
    for title, item in items_by_title(sample_site.mail_html(EMAIL)).items():
        cell = item.find("td", class_="button-cell")
        assert cell["bgcolor"] == "#1f5f8b", title
        button = cell.a
        assert button.get_text() == f"Read “{title}”"
        assert "display: inline-block" in button["style"] and "padding: 10px 18px" in button["style"]


def test_an_interview_excerpt_comes_after_its_question(sample_site):
    interview = items_by_title(sample_site.mail_html(EMAIL))["The Practitioner Interview: Ana Ruiz"]
    question = interview.find("p", class_="item-question")
    assert question.get_text(" ", strip=True) == "Q: Which small things matter most in your work?"
    assert question.find_next("p") is interview.find("p", class_="item-turn")
    text = (sample_site.mail / "october-2026" / "email.txt").read_text(encoding="utf-8")
    assert re.search(r"Q: Which small things matter most in your work\?\s+> Ana Ruiz:", text)
    # A dialogue has no question.
    thread = items_by_title(sample_site.mail_html(EMAIL))["A Thread on Refund Anxiety"]
    assert thread.find("p", class_="item-question") is None


def test_the_question_of_the_first_answer_only():
    md = markdown.Markdown(extensions=["extra", "toc", "meta", ConversationsExtension(), RecordsExtension()])
    md.convert("Layout: interview\nInterviewee: Ana Ruiz\n\nQ: Why *names*?\n\nBecause.\n\nQ: Next?\n\nYes.\n")
    assert opening_question(md.conversation) == "Why <em>names</em>?"
    digest = make_digest(title="T", url="https://s.example/p/", authors=[], date=None, summary_html=None,
                         opening_turn_html=opening_turn(md.conversation),
                         opening_question_html=opening_question(md.conversation))
    assert digest.first_question_html == "Why <em>names</em>?"
    assert opening_question(None) == ""
