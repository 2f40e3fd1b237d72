"""Layout recognition: each decision and its reason, on the test exports and on small cases.

The imported Markdown is rendered with the conversations plugin's own Markdown
extension, so "who says this sentence" is read exactly as the site will show it.
"""


import markdown
import pytest
from blog_import_support import (
    AUTHORS_MAP,
    BLOGGER,
    WORDPRESS,
    notes_under,
    report_line,
    run_import,
    small_site,
    wxr_with,
)
from bs4 import BeautifulSoup
from conversations.mdext import ConversationsExtension

from service_voices.blog_import.dialogue import recognise_dialogue
from service_voices.blog_import.interview import find_interviewee, recognise_interview
from service_voices.blog_import.paragraphs import blocks_of
from service_voices.blog_import.recognition import Layout, NotRecognised

POSTS = "content/posts/"


def render(text: str) -> BeautifulSoup:
    """A post file rendered as the site renders it (front matter read by the meta extension)."""
    md = markdown.Markdown(extensions=["markdown.extensions.extra", "markdown.extensions.smarty",
                                       "markdown.extensions.meta", ConversationsExtension()], output_format="html5")
    return BeautifulSoup(md.convert(text), "html.parser")


@pytest.fixture(scope="module")
def wordpress(tmp_path_factory):
    root = tmp_path_factory.mktemp("wp")
    content = small_site(root / "content")
    (root / "authors.txt").write_text(AUTHORS_MAP)
    result = run_import(WORDPRESS, content, authors_map=root / "authors.txt", dry_run=True)
    return result, {p.path.name: p.text for p in result.outcome.written if p.text}


@pytest.fixture(scope="module")
def blogger(tmp_path_factory):
    content = small_site(tmp_path_factory.mktemp("blogger") / "content")
    result = run_import(BLOGGER, content, dry_run=True)
    return result, {p.path.name: p.text for p in result.outcome.written if p.text}


def test_numbered_bold_interview_with_a_thank_you_outro(wordpress):
    result, files = wordpress
    assert report_line(result, POSTS + "interview-justin-case.md") == (
        f"{POSTS}interview-justin-case.md: interview: 5 numbered questions, each followed by its answer; "
        'interviewee "Justin Case" from the title; closing line "Thank you, Justin!" as the outro')
    text = files["interview-justin-case.md"]
    assert "\nLayout: interview\nInterviewee: Justin Case\n" in text
    page = render(text)
    questions = page.select(".interview-question")
    assert [q.get_text(" ", strip=True) for q in questions][:2] == [
        "1. How did you end up in customer service?", "2. What do new agents get wrong first?"]
    answers = page.select(".interview-answer")
    assert len(answers) == 5 and {a["data-speaker"] for a in answers} == {"Justin Case"}
    # The labelled paragraphs inside answers stay ordinary prose in Justin's answers.
    assert "Customer Service: it’s the little things." in answers[1].get_text()
    assert "Being Nosy: a good agent" in answers[2].get_text()
    outro = page.find("hr").find_next_siblings("p")
    assert [p.get_text() for p in outro] == ["Thank you, Justin!", "Justin’s team is hiring; the link is on Acme’s site."]
    intro = page.find("p")
    assert intro.get_text().startswith("Justin Case runs a support team")


def test_dialogue_with_turns_lists_quotes_and_the_writers_as_authors(wordpress):
    result, files = wordpress
    assert report_line(result, POSTS + "refunds-that-feel-fair.md") == (
        f"{POSTS}refunds-that-feel-fair.md: dialogue: 6 turns alternating between Jenny and Jeremy; "
        '"Note:" stays inside the turn it is in; Authors: Jenny Park, Jeremy Cole (the intro names them as the writers)')
    text = files["refunds-that-feel-fair.md"]
    assert "\nAuthors: Jenny Park, Jeremy Cole\nLayout: dialogue\nSpeakers: Jenny, Jeremy\n" in text
    turns = render(text).select("[data-speaker]")
    assert [t["data-speaker"] for t in turns] == ["Jenny", "Jeremy"] * 3
    assert turns[2].find("ol") is not None and "Note: this is still me talking" in turns[2].get_text()
    assert turns[3].find("blockquote") is not None
    assert "Tell us in the comments" not in " ".join(t.get_text() for t in turns)


def test_transcript_of_handles_with_the_rest_as_outro(wordpress):
    result, files = wordpress
    assert report_line(result, POSTS + "a-thread-on-hold-music.md").endswith(
        "dialogue: a transcript of 4 turns between jcole_support, ana_ruiz and samlee, who address each other "
        "with @; the 2 paragraph(s) after the exchange are the outro")
    page = render(files["a-thread-on-hold-music.md"])
    assert [t["data-speaker"] for t in page.select("[data-speaker]")] == [
        "jcole_support", "ana_ruiz", "samlee", "jcole_support"]
    assert [p.get_text() for p in page.find("hr").find_next_siblings("p")][1] == \
        "Next week: the same question about chat queues."


@pytest.mark.parametrize("post, reason", [
    ("two-things-that-matter.md", 'article: labelled paragraphs ("Being Nosy:", "Customer Service:") are not two or '
                                  "more people taking turns: not a dialogue"),
    ("five-steps-to-a-calmer-queue.md", "article: 3 numbered paragraphs, none of them a question: a numbered list, "
                                        "not an interview"),
    ("notes-from-the-team-meeting.md", 'article: "Sam:" speaks once between the turns of Jenny and Jeremy and may be '
                                       "another speaker: left as an article so no sentence changes speaker"),
    ("five-ws-when.md", "article: no interview, dialogue or transcript pattern"),
])
def test_posts_that_stay_articles_say_why(wordpress, post, reason):
    result, files = wordpress
    assert report_line(result, POSTS + post) == f"{POSTS}{post}: {reason}"
    assert "Layout:" not in files[post]


def test_series_from_titles(wordpress):
    result, files = wordpress
    assert "series \"The 5 W's of Great!! Service\": 2 parts whose titles share that stem: five-ws-when, " \
           "five-ws-where" in result.lines
    assert 'series "Customer Service": 3 parts whose titles share that stem: customer-service-3-follow-through ' \
           "(part 3), customer-service-4-flexibility (part 4), customer-service-5-recovery (part 5)" in result.lines
    assert "\nSeries: The 5 W's of Great!! Service\n" in files["five-ws-when.md"]
    assert "Series_index" not in files["five-ws-when.md"]
    assert "\nSeries: Customer Service\nSeries_index: 4\n" in files["customer-service-4-flexibility.md"]
    # The draft part is listed as planned in the series file.
    assert files["customer-service.md"] == ("Title: Customer Service\nSlug: customer-service\n"
                                            "Planned: Customer Service 5 – Recovery\n")
    assert files["the-5-ws-of-great-service.md"].startswith("Title: The 5 W's of Great!! Service\n")


def test_blogger_bold_interview_and_line_by_line_dialogue(blogger):
    result, files = blogger
    assert report_line(result, POSTS + "an-interview-with-maria-lopez.md").endswith(
        'interview: 3 bold questions, each followed by its answer; interviewee "Maria Lopez" from the title; '
        'closing line "Thanks so much, Maria!" as the outro')
    assert notes_under(result, POSTS + "an-interview-with-maria-lopez.md")[0] == (
        "1 image(s) kept at their old address (copy them and import with --uploads): "
        "https://blogger.googleusercontent.com/img/b/R29v/s320/maria.jpg")
    assert report_line(result, POSTS + "ana-and-sam-on-first-reply.md").endswith(
        "dialogue: 5 turns alternating between Ana and Sam")
    page = render(files["ana-and-sam-on-first-reply.md"])
    assert [t["data-speaker"] for t in page.select("[data-speaker]")] == ["Ana", "Sam", "Ana", "Sam", "Ana"]
    # Nobody named Ana or Sam has a profile, so the byline stays as Blogger had it.
    assert "\nAuthors: Ana Ruiz\n" in files["ana-and-sam-on-first-reply.md"]
    assert "series \"Onboarding\": 3 parts whose titles share that stem: onboarding-part-1 (part 1), " \
           "onboarding-part-2 (part 2), onboarding-part-3-the-first-month (part 3)" in result.lines


# Who says each paragraph in the old posts, read by a person: (speaker or None, start of the paragraph).
SPOKEN = {
    "refunds-that-feel-fair.md": [
        (None, "Jenny and Jeremy discuss why"), ("Jenny", "I keep seeing refunds"), ("Jeremy", "Because the money"),
        ("Jenny", "So what do you tell"), ("Jenny", "Three things, actually"), ("Jenny", "say the amount"),
        ("Jenny", "Note: this is still me"), ("Jeremy", "I would add one"), ("Jeremy", "Sorry is free"),
        ("Jenny", "That’s going on the wall"), ("Jeremy", "It had better be"), (None, "What do refunds look like")],
    "a-thread-on-hold-music.md": [
        (None, "A short exchange"), ("jcole_support", "Honest question"), ("ana_ruiz", "@jcole_support Nobody"),
        ("samlee", "@jcole_support @ana_ruiz We are two"), ("jcole_support", "@samlee That might"),
        (None, "What I take from it"), (None, "Next week")],
    "ana-and-sam-on-first-reply.md": [
        (None, "Ana and Sam compare"), ("Ana", "I answer the oldest"), ("Sam", "I answer the angriest"),
        ("Ana", "Angry people can wait"), ("Sam", "Not on a Monday"), ("Ana", "Fair. Mondays")],
}


@pytest.mark.parametrize("export, post", [
    ("wordpress", "refunds-that-feel-fair.md"), ("wordpress", "a-thread-on-hold-music.md"),
    ("blogger", "ana-and-sam-on-first-reply.md")])
def test_no_sentence_changes_speaker(wordpress, blogger, export, post):
    page = render({"wordpress": wordpress, "blogger": blogger}[export][1][post])
    for speaker, start in SPOKEN[post]:
        found = [element for element in page.find_all(["p", "li"])
                 if element.get_text(" ", strip=True).split(": ", 1)[-1].startswith(start)
                 or element.get_text(" ", strip=True).startswith(start)]
        assert found, f"{start!r} is missing from {post}"
        turn = found[0].find_parent(attrs={"data-speaker": True})
        assert (turn["data-speaker"] if turn else None) == speaker, f"{start!r} in {post}"


def blocks(html: str):
    return blocks_of(html, blank_lines_are_paragraphs=True)


def test_interview_needs_answers_after_every_question():
    found = recognise_interview("Interview: Ana Ruiz", blocks("1. First?\n\n2. Second?\n\nOnly one answer."))
    assert isinstance(found, NotRecognised) and found.reason == (
        'question "1. First?" has no answer after it: not an interview')


def test_interview_with_a_rule_inside_the_answers_stays_an_article():
    found = recognise_interview("Interview: Ana Ruiz", blocks(
        "Intro.\n\nQ: One?\n\nAnswer.\n\n<hr />\n\nMore answer.\n\nQ: Two?\n\nAnswer two."))
    assert isinstance(found, NotRecognised) and "horizontal rule inside the answers" in found.reason


def test_interview_without_a_name_stays_an_article():
    found = recognise_interview("Five questions", blocks(
        "Some intro.\n\n1. One?\n\nA.\n\n2. Two?\n\nB.\n\n3. Three?\n\nC."))
    assert isinstance(found, NotRecognised) and "no interviewee named" in found.reason


def test_numbered_questions_without_interview_in_the_title_need_a_name_and_three_questions():
    found = recognise_interview("Talking tickets", blocks(
        "I spoke with Ana Ruiz about tickets.\n\n1. One?\n\nA.\n\n2. Two?\n\nB.\n\n3. Three?\n\nC."))
    assert isinstance(found, Layout) and found.metadata == {"Interviewee": "Ana Ruiz"}
    assert "from the intro" in found.reason
    bold_only = recognise_interview("Talking tickets", blocks(
        "I spoke with Ana Ruiz.\n\n<b>One?</b>\n\nA.\n\n<b>Two?</b>\n\nB.\n\n<b>Three?</b>\n\nC."))
    assert isinstance(bold_only, NotRecognised) and "no 'Interview' in the title" in bold_only.reason


@pytest.mark.parametrize("title, name", [
    ("The Practitioner Interview: Ana Ruiz", "Ana Ruiz"),
    ("Interview with Justin Case, Head of Support", "Justin Case"),
    ("Five Questions for Sam Lee", "Sam Lee"),
])
def test_interviewee_from_the_title(title, name):
    assert find_interviewee(title, "", "") == (name, "the title")


def test_dialogue_paragraphs_after_multi_paragraph_turns_stay_in_the_last_turn():
    found = recognise_dialogue(blocks(
        "Jenny: One.\n\nMore from Jenny.\n\nJeremy: Two.\n\nJenny: Three.\n\nJeremy: Four.\n\nA closing thought."), {})
    assert isinstance(found, Layout) and "---" not in found.body
    assert "the 1 paragraph(s) after the last label stay in Jeremy's turn" in found.reason


def test_dialogue_with_a_rule_between_turns_stays_an_article():
    found = recognise_dialogue(blocks("Jenny: One.\n\nJeremy: Two.\n\n<hr />\n\nJenny: Three.\n\nJeremy: Four."), {})
    assert isinstance(found, NotRecognised) and "horizontal rule between the turns" in found.reason


def test_two_exchanges_are_too_few_for_a_dialogue():
    found = recognise_dialogue(blocks("Jenny: One.\n\nJenny: Two.\n\nJeremy: Three.\n\nJeremy: Four."), {})
    assert isinstance(found, NotRecognised) and found.reason == (
        "4 turns with 1 change(s) of speaker between Jenny and Jeremy: too few to be a dialogue")
    once = recognise_dialogue(blocks("Jenny: One.\n\nJeremy: Two.\n\nJenny: Three."), {})
    assert isinstance(once, NotRecognised) and "not two or more people taking turns" in once.reason


def test_four_speakers_are_not_a_dialogue():
    text = "\n\n".join(f"{name}: Line {n}." for n in range(2) for name in ("Ann", "Bo", "Cy", "Di"))
    found = recognise_dialogue(blocks(text), {})
    assert isinstance(found, NotRecognised) and "more than 3 speakers" in found.reason


def test_interview_and_dialogue_at_once_stays_an_article(tmp_path):
    content = small_site(tmp_path / "content")
    (tmp_path / "both.xml").write_text(wxr_with((
        "Interview with Ana Ruiz",
        "Ana Ruiz joined us.\n\nQ: First?\n\nAna: One.\n\nSam: Two.\n\nQ: Second?\n\nAna: Three.\n\nSam: Four.")))
    result = run_import(tmp_path / "both.xml", content, dry_run=True)
    assert report_line(result, POSTS + "post-1.md") == (
        f"{POSTS}post-1.md: article: it reads both as an interview and as a dialogue: left as an article")


def test_questions_the_editor_turned_into_one_item_lists():
    found = recognise_interview("Interview: Ana Ruiz", blocks(
        "Intro.\n<ol>\n<li>What comes first?</li>\n</ol>\nAnswer one.\n<ol start=\"2\">\n<li>And then?</li>\n</ol>\n"
        "Answer two."))
    assert isinstance(found, Layout)
    assert "Q: What comes first?\n\nAnswer one.\n\nQ: And then?\n\nAnswer two." in found.body


def test_labels_in_bold_with_the_colon_outside():
    found = recognise_dialogue(blocks(
        "<b>Jenny</b>: One.\n\n<strong>Jeremy</strong>: Two.\n\n<b>Jenny</b>: Three.\n\n<b>Jeremy</b>: Four."), {})
    assert isinstance(found, Layout)
    assert found.body == "Jenny: One.\n\nJeremy: Two.\n\nJenny: Three.\n\nJeremy: Four.\n"


def test_two_handles_once_each_are_too_few_for_a_transcript():
    found = recognise_dialogue(blocks("ana_ruiz: @samlee hello.\n\nsamlee: @ana_ruiz hi."), {})
    assert isinstance(found, NotRecognised) and found.reason == (
        "2 paragraph(s) from ana_ruiz and samlee: too few for a transcript")


def test_a_stray_q_paragraph_among_numbered_questions_keeps_the_post_an_article():
    found = recognise_interview("Interview: Ana Ruiz", blocks(
        "1. One?\n\nAnswer, and a question I was asked:\n\nQ: Do you enjoy it?\n\nStill Ana talking.\n\n"
        "2. Two?\n\nAnswer two."))
    assert isinstance(found, NotRecognised)
    assert found.reason == '"Q: Do you enjoy it?" would start a question of its own: left as an article'
