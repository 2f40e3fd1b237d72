"""The sample interview, dialogue and transcript as a reader (and a feed reader) sees them."""

import json

import feedparser
import pytest

INTERVIEW = "posts/practitioner-interview-ana-ruiz/index.html"
DIALOGUE = "posts/making-it-stick/index.html"
TRANSCRIPT = "posts/a-thread-on-refund-anxiety/index.html"


def json_ld(page) -> dict:
    scripts = page.find_all("script", type="application/ld+json")
    posts = [json.loads(s.string) for s in scripts if json.loads(s.string).get("@type") == "BlogPosting"]
    assert len(posts) == 1
    return posts[0]


def speaker_label(turn) -> str:
    first = turn.find("p")
    bold = next(iter(first.children))
    assert bold.name in ("b", "strong"), f"no bold label at the start of {first}"
    return bold.get_text()


@pytest.fixture(scope="module")
def interview(sample_site):
    return sample_site.html(INTERVIEW)


def test_interview_questions_are_numbered_with_stable_anchors(interview):
    questions = interview.select(".post__body h2.interview-question")
    assert [q["id"] for q in questions] == ["q1", "q2", "q3", "q4", "q5"]
    for number, question in enumerate(questions, start=1):
        assert question.get_text(" ", strip=True).startswith(f"{number}. ")
    assert questions[1].find("em").get_text() == "honest exits"
    assert questions[1].find("a")["href"] == "https://www.rfc-editor.org/rfc/rfc8058"


def test_interview_lists_every_question_near_the_top(interview):
    contents = interview.select_one("nav.interview-contents")
    assert contents.find(["h2", "h3"]).get_text(strip=True) == "In this interview"
    links = contents.select("ol > li > a")
    assert [a["href"] for a in links] == [f"#q{n}" for n in range(1, 6)]
    assert links[0].get_text() == "Which small things matter most in your work?"
    # Before the post body, and the only contents box on the page.
    assert contents.find_next("div", class_="post__body") is not None
    assert interview.select("nav.toc") == []


def test_interview_answers_belong_to_the_interviewee(interview):
    answers = interview.select(".post__body .interview-answer")
    assert len(answers) == 5
    assert {a["data-speaker"] for a in answers} == {"Ana Ruiz"}
    assert all(speaker_label(a) == "Ana Ruiz:" for a in answers)
    assert answers[0].p.get_text().startswith("Ana Ruiz: Names, mostly.")
    assert answers[0].find("ul") is not None and answers[3].find("blockquote") is not None
    assert "A:" not in " ".join(a.get_text() for a in answers)
    assert interview.select_one(".conversation-meta").get_text(" ", strip=True) == \
        "Ana Ruiz in conversation with Dana Brooks"


def test_interview_intro_and_outro_are_plain_prose(interview):
    body = interview.select_one(".post__body")
    blocks = body.find_all(recursive=False)
    assert blocks[0].name == "p" and blocks[0].get_text().startswith("Ana Ruiz is director")
    assert blocks[2]["id"] == "q1"
    rule = body.find("hr", recursive=False)
    outro = rule.find_next_sibling("p")
    assert outro.get_text().startswith("Ana Ruiz still takes a chat shift")
    assert outro.find_parent(class_="interview-answer") is None


def test_interview_structured_data(interview):
    data = json_ld(interview)
    assert data["@type"] == "BlogPosting"
    assert data["author"] == [{"@type": "Person", "name": "Dana Brooks",
                               "url": data["author"][0]["url"]}]
    assert data["about"] == {"@type": "Person", "name": "Ana Ruiz"}
    assert interview.body["class"] == ["layout-interview"]


def test_dialogue_turns(sample_site):
    page = sample_site.html(DIALOGUE)
    turns = page.select(".post__body [data-speaker]")
    labels = [t["data-speaker"] for t in turns]
    assert labels == ["Jenny", "Jeremy"] * 5 + ["Jenny"]
    assert [speaker_label(t) for t in turns] == [f"{label}:" for label in labels]
    # The two speakers are told apart by class (border style/indent), not only colour.
    assert {tuple(t["class"]) for t in turns if t["data-speaker"] == "Jenny"} == {("turn", "turn--1")}
    assert {tuple(t["class"]) for t in turns if t["data-speaker"] == "Jeremy"} == {("turn", "turn--2")}
    # A multi-paragraph turn keeps its list, and "Note:" is not a speaker.
    third = turns[2]
    assert third.find("ul") is not None
    assert third.find_all("p")[-1].get_text().startswith("Note: this is still Jenny talking")
    assert "**" not in page.select_one(".post__body").get_text()
    assert page.select(".post__body script") == []
    data = json_ld(page)
    assert [a["name"] for a in data["author"]] == ["Jenny Park", "Jeremy Cole"]
    assert all(a["@type"] == "Person" for a in data["author"])


def test_transcript_turns_use_handles(sample_site):
    page = sample_site.html(TRANSCRIPT)
    turns = page.select(".post__body [data-speaker]")
    assert len(turns) == 9
    assert {t["data-speaker"] for t in turns} == {"ana_ruiz", "samlee", "jcole_support"}
    assert speaker_label(turns[0]) == "@jcole_support:", "a transcript (Thread: set) shows handles with their @"
    intro = page.select_one(".post__body > p")
    assert intro.get_text().startswith("A few weeks ago")
    outro = page.select_one(".post__body > hr").find_next_sibling("p")
    assert outro.find_parent(attrs={"data-speaker": True}) is None


def test_feeds_carry_the_layout_as_plain_html(sample_site):
    feed = feedparser.parse(sample_site.text("feeds/all.atom.xml"))
    entries = {entry.link.rstrip("/").rsplit("/", 1)[-1]: entry for entry in feed.entries}
    # Feed readers drop data-* attributes (feedparser does too), so the bold label in
    # the text is what tells a feed reader who is speaking.
    dialogue = entries["making-it-stick"].content[0].value
    assert '<b class="speaker-label">Jenny:</b> I’ll start' in dialogue
    assert '<b class="speaker-label">Jeremy:</b>' in dialogue
    interview = entries["practitioner-interview-ana-ruiz"].content[0].value
    assert 'id="q1"' in interview and ">1.</span> Which small things" in interview
