"""What the conversation layouts give the theme to tell speakers apart: initials,
sides, handles with "@", per-turn times and links, and the interviewee card."""

import textwrap

import markdown
import pytest
from bs4 import BeautifulSoup
from conversations.arrange import speaker_names
from conversations.mdext import ConversationsExtension
from conversations.turn_time import leading_turn_time

from service_voices.names import initials

EXTENSIONS = ["markdown.extensions.extra", "markdown.extensions.smarty", "markdown.extensions.meta"]
TRANSCRIPT = "posts/a-thread-on-refund-anxiety/index.html"


def turns(text: str) -> list:
    md = markdown.Markdown(extensions=EXTENSIONS + [ConversationsExtension()], output_format="html5")
    html = md.convert(textwrap.dedent(text).lstrip("\n"))
    return BeautifulSoup(html, "html.parser").select("[data-speaker]")


@pytest.mark.parametrize("name, expected", [
    ("Jenny Park", "JP"), ("ana_ruiz", "AR"), ("samlee", "S"), ("@jcole_support", "JS"),
    ("José María Ruiz", "JR"), ("田中", "田"), ("", ""),
])
def test_initials(name, expected):
    assert initials(name) == expected


def test_a_first_name_label_takes_the_author_s_full_name():
    assert speaker_names(["Jenny", "Jeremy", "Sam"], ["Jenny Park", "Jeremy Cole"]) == {
        "Jenny": "Jenny Park", "Jeremy": "Jeremy Cole", "Sam": "Sam"}
    # Two authors called Jenny: the label cannot say which, so it stays as typed.
    assert speaker_names(["Jenny"], ["Jenny Park", "Jenny Lo"]) == {"Jenny": "Jenny"}


def test_any_number_of_speakers_each_with_initials_and_alternating_sides():
    found = turns("""
        Layout: dialogue
        Authors: Jenny Park, Jeremy Cole
        Speakers: Jenny, Jeremy, Mo Ahmed, Li Wei, Ana

        Jenny: One.

        Jeremy: Two.

        Mo Ahmed: Three.

        Li Wei: Four.

        Ana: Five.
        """)
    assert [t["data-initials"] for t in found] == ["JP", "JC", "MA", "LW", "A"]
    assert [t.get("data-side") for t in found] == [None, "other", None, "other", None]
    # Today's markup stays: the label as typed, the three colour styles.
    assert found[3].b.get_text() == "Li Wei:" and "turn--1" in found[3]["class"]


def test_a_transcript_shows_handles_times_and_links():
    found = turns("""
        Layout: dialogue
        Speakers: ana_ruiz, @samlee, Sam Lee
        Thread: https://x.example/ana_ruiz/status/1

        ana_ruiz: [12:04](https://x.example/ana_ruiz/status/2) First post.

        @samlee: [9:41 pm] A reply with a time and no link.

        Sam Lee: [25:99](https://x.example/s/3) Not a real clock, still shown.

        ana_ruiz: No time here, and a [12:30](https://x.example/elsewhere) link later stays a link.
        """)
    labels = [t.b.get_text() for t in found]
    assert labels == ["@ana_ruiz:", "@samlee:", "Sam Lee:", "@ana_ruiz:"]
    first = found[0].find(class_="turn__time")
    assert first.name == "a" and first["href"] == "https://x.example/ana_ruiz/status/2"
    assert first.time["datetime"] == "12:04" and first.get_text() == "12:04"
    assert found[0].p.get_text() == "@ana_ruiz: 12:04 First post."
    second = found[1].find(class_="turn__time")
    assert second.name == "span" and second.get_text() == "9:41 pm" and second.time is None
    third = found[2].find(class_="turn__time")
    assert third["href"] == "https://x.example/s/3" and third.time is None and third.get_text() == "25:99"
    assert found[3].find(class_="turn__time") is None
    assert found[3].find("a")["href"] == "https://x.example/elsewhere"


def test_without_thread_a_dialogue_keeps_labels_and_links_as_written():
    found = turns("""
        Layout: dialogue
        Speakers: ana_ruiz, samlee

        ana_ruiz: [12:04](https://x.example/2) First post.

        samlee: Reply.
        """)
    assert [t.b.get_text() for t in found] == ["ana_ruiz:", "samlee:"]
    assert found[0].find(class_="turn__time") is None
    assert found[0].find("a", href="https://x.example/2").get_text() == "12:04"


@pytest.mark.parametrize("rest, expected", [
    ("[12:04](https://a.example/1) text", ("12:04", "https://a.example/1", "12:04", "text")),
    ("[7:05] text", ("7:05", "", "07:05", "text")),
    ("[2 Sep 12:04](https://a.example/1)", ("2 Sep 12:04", "https://a.example/1", "", None)),
    ("[a link](https://a.example/1) text", None),
    ("plain text", None),
])
def test_leading_turn_time(rest, expected):
    when, after = leading_turn_time(rest)
    if expected is None:
        assert when is None and after == rest
    else:
        assert (when.text, when.url, when.datetime, after) == expected


def test_the_sample_transcript_page(sample_site):
    page = sample_site.html(TRANSCRIPT)
    assert "layout-transcript" in page.body["class"]
    times = page.select(".post__body .turn .turn__time")
    assert len(times) == 9 and all(t.name == "a" and t["href"].startswith("https://x.com/") for t in times)
    meta = [span.get_text() for span in page.select(".conversation-meta__speaker")]
    assert meta == ["@ana_ruiz", "@samlee", "@jcole_support"]
    source = page.select_one(".thread-source a")
    assert source["href"] == "https://x.com/jcole_support/status/1830512004417200000"
    assert source.get_text() == "Read the original thread on x.com"
    # A dialogue without Thread: is no transcript.
    dialogue = sample_site.html("posts/making-it-stick/index.html")
    assert "layout-transcript" not in dialogue.body["class"] and dialogue.select_one(".thread-source") is None
    assert [t["data-initials"] for t in dialogue.select(".turn")[:2]] == ["JP", "JC"]


def test_the_interview_opens_with_a_card_for_the_interviewee(sample_site):
    page = sample_site.html("posts/practitioner-interview-ana-ruiz/index.html")
    card = page.select_one(".interviewee-card")
    assert card["aria-label"] == "About Ana Ruiz"
    assert card.select_one(".interviewee-card__name").get_text() == "Ana Ruiz"
    assert card.select_one(".interviewee-card__role").get_text() == "Director of Customer Support, Fernleaf Outdoor Supply"
    assert "twenty tickets" in card.select_one(".interviewee-card__about").get_text()
    photo = card.select_one("img.interviewee-card__photo")
    assert photo["src"].endswith("/images/people/ana-ruiz.svg") and photo["width"] == "72"
    # Before the list of questions.
    assert card.find_next("nav")["class"] == ["interview-contents"]


def test_an_excerpt_of_a_transcript_turn_quotes_the_words_without_the_time():
    md = markdown.Markdown(extensions=EXTENSIONS + [ConversationsExtension()], output_format="html5")
    md.convert(textwrap.dedent("""
        Layout: dialogue
        Speakers: ana_ruiz
        Thread: https://x.example/1

        ana_ruiz: [12:04](https://x.example/2) First *post*.
        """).lstrip("\n"))
    [turn] = md.conversation.turns
    assert turn.opening == '<b class="speaker-label">@ana_ruiz:</b> First <em>post</em>.'
    assert "turn__time" in turn.html, "the page itself keeps the time"
