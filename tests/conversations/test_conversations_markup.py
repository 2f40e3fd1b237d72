"""The conversations Markdown extension on tricky Markdown, without Pelican."""

import textwrap
from collections import Counter

import markdown
import pytest
from bs4 import BeautifulSoup
from conversations.markers import question_text, split_labels, turn_start
from conversations.mdext import ConversationsExtension

# The same extensions pelicanconf.py gives Pelican, plus the meta extension Pelican adds.
SITE_EXTENSIONS = ["markdown.extensions.extra", "markdown.extensions.smarty",
                   "markdown.extensions.toc", "markdown.extensions.meta"]


def converted(text: str, conversations: bool = True) -> tuple[str, markdown.Markdown]:
    """The HTML and the Markdown instance, which holds what the extension recorded."""
    extensions = SITE_EXTENSIONS + ([ConversationsExtension()] if conversations else [])
    md = markdown.Markdown(extensions=extensions, output_format="html5")
    return md.convert(textwrap.dedent(text).lstrip("\n")), md


def to_html(text: str, conversations: bool = True) -> str:
    return converted(text, conversations)[0]


def questions(text: str) -> list:
    """The questions the extension recorded for the post."""
    return converted(text)[1].conversation.questions


def turns_by_speaker(text: str) -> Counter:
    return Counter(turn.speaker for turn in converted(text)[1].conversation.turns)


def soup(text: str) -> BeautifulSoup:
    return BeautifulSoup(to_html(text), "html.parser")


def label_of(turn) -> str:
    """The bold label at the very start of a turn's first paragraph."""
    first = turn.find("p")
    bold = next(iter(first.children))
    assert bold.name in ("b", "strong"), f"turn does not open with a bold label: {first}"
    return bold.get_text()


INTERVIEW = """
    Title: An interview
    Layout: interview
    Interviewee: Ana Ruiz

    Intro paragraph.

    Q: Which small things matter most?

    A: Names, mostly.

    - answering the second question,
    - giving a real time.

    > A quote inside the answer.

    ### A heading inside the answer

    Still the answer.

    Q: You talk about *honest exits* – what has a [one-click unsubscribe](https://example.org/rfc) to do with it?

    More than people think.

    ---

    Outro after the rule.
    """


def test_questions_are_numbered_headings_with_stable_ids():
    page = soup(INTERVIEW)
    headings = page.select("h2.interview-question")
    assert [h["id"] for h in headings] == ["q1", "q2"]
    assert [h.get_text(" ", strip=True) for h in headings][0] == "1. Which small things matter most?"
    assert headings[1].get_text().startswith("2. ")


def test_intro_and_outro_stay_ordinary_prose():
    page = soup(INTERVIEW)
    top = [child for child in page.children if getattr(child, "name", None)]
    assert top[0].name == "p" and top[0].get_text() == "Intro paragraph."
    assert top[-2].name == "hr"
    assert top[-1].name == "p" and top[-1].get_text() == "Outro after the rule."


def test_answer_keeps_every_block_and_is_labelled_with_the_interviewee():
    answers = soup(INTERVIEW).select("div.interview-answer")
    assert len(answers) == 2
    first = answers[0]
    assert first["data-speaker"] == "Ana Ruiz"
    assert label_of(first) == "Ana Ruiz:"
    # "A: " is removed, the rest of the paragraph stays.
    assert first.find("p").get_text() == "Ana Ruiz: Names, mostly."
    assert [child.name for child in first.find_all(recursive=False)] == ["p", "ul", "blockquote", "h3", "p"]
    assert "A:" not in first.get_text()
    # An answer without "A:" gets the same label.
    assert answers[1].find("p").get_text() == "Ana Ruiz: More than people think."


def test_question_text_keeps_inline_markup_and_links():
    heading = soup(INTERVIEW).find(id="q2")
    assert heading.find("em").get_text() == "honest exits"
    assert heading.find("a")["href"] == "https://example.org/rfc"
    listed = questions(INTERVIEW)
    assert [q.id for q in listed] == ["q1", "q2"]
    assert [q.number for q in listed] == [1, 2]
    assert "<em>honest exits</em>" in listed[1].text and "<a href" in listed[1].text
    # The contents list links to the question, and links may not nest.
    assert "<a" not in listed[1].toc_text and "one-click unsubscribe" in listed[1].toc_text
    assert not listed[0].text.startswith("1.")


def test_bold_question_marker_and_empty_answers():
    page = soup("""
        Layout: interview
        Interviewee: Sam Lee

        **Q:** First?

        **Q**: Second, with no answer before the next question?

        Q: Third?

        **A:** Finally an answer.
        """)
    assert [h["id"] for h in page.select("h2.interview-question")] == ["q1", "q2", "q3"]
    assert "**" not in page.get_text()
    # Questions without an answer get no empty answer box.
    answers = page.select("div.interview-answer")
    assert len(answers) == 1 and answers[0].p.get_text() == "Sam Lee: Finally an answer."


def test_q_markers_in_lists_quotes_and_code_are_not_questions():
    page = soup("""
        Layout: interview
        Interviewee: Ana Ruiz

        - Q: in a list item

        > Q: in a block quote

            Q: in an indented code block

        ```
        Q: in a fenced code block
        ```

        Q:uick is not a marker, and neither is an empty one:

        Q:
        """)
    assert page.select("h2.interview-question") == []
    assert page.find("li").get_text() == "Q: in a list item"
    assert "Q: in a fenced code block" in page.get_text()


def test_interview_answer_that_opens_with_a_list_still_names_the_speaker():
    page = soup("""
        Layout: interview
        Interviewee: Ana Ruiz

        Q: Three things?

        - one
        - two
        """)
    answer = page.select_one("div.interview-answer")
    assert label_of(answer) == "Ana Ruiz:"
    assert [child.name for child in answer.find_all(recursive=False)] == ["p", "ul"]


DIALOGUE = """
    Layout: dialogue
    Speakers: Jenny, Jeremy

    Customer Service: it's the little things. (An undeclared label: intro prose.)

    Jenny: First turn.

    Still Jenny's turn, with a list:

    - Jeremy: inside a list item, not a turn
    - second item

    > Jeremy: inside a quote, not a turn

        Jeremy: inside code, not a turn

    Note: an undeclared label stays in Jenny's turn.

    **Jeremy:** Reply in bold form.

    __Jenny:__ Underscore form.

    **Jeremy**: Colon outside the bold.

    ---

    Jenny: after a rule a new turn may start again.

    Outro? No: this paragraph belongs to that last turn.
    """


def test_each_turn_is_one_element_with_its_speaker():
    page = soup(DIALOGUE)
    turns = page.select("[data-speaker]")
    assert [t["data-speaker"] for t in turns] == ["Jenny", "Jeremy", "Jenny", "Jeremy", "Jenny"]
    assert [label_of(t) for t in turns] == ["Jenny:", "Jeremy:", "Jenny:", "Jeremy:", "Jenny:"]
    assert "**" not in page.get_text() and "__" not in page.get_text()
    # Speakers get distinct styles in declared order.
    assert "turn--1" in turns[0]["class"] and "turn--2" in turns[1]["class"]


def test_multi_paragraph_turn_keeps_lists_quotes_code_and_undeclared_labels():
    first = soup(DIALOGUE).select("[data-speaker]")[0]
    assert [c.name for c in first.find_all(recursive=False)] == ["p", "p", "ul", "blockquote", "pre", "p"]
    assert first.find("li").get_text() == "Jeremy: inside a list item, not a turn"
    assert first.find_all("p", recursive=False)[-1].get_text().startswith("Note: an undeclared label")


def test_undeclared_label_before_the_first_turn_is_ordinary_prose():
    page = soup(DIALOGUE)
    opening = page.find("p")
    assert opening.parent is page or opening.parent.name == "[document]"
    assert opening.get_text().startswith("Customer Service: it")
    assert opening.find("b") is None


def test_rule_ends_a_turn_and_stays_between_turns():
    page = soup(DIALOGUE)
    rule = page.find("hr")
    assert rule.find_parent(attrs={"data-speaker": True}) is None
    assert rule.find_next_sibling()["data-speaker"] == "Jenny"


def test_unicode_names_and_handles():
    page = soup("""
        Layout: dialogue
        Speakers: Zoë Ähnlich; José María, Jr.; 田中; ana_ruiz

        Zoë Ähnlich: Hallo.

        José María, Jr.: ¡Hola!

        田中: こんにちは。

        ana_ruiz: a handle with _underscores_ in it stays literal.
        """)
    turns = page.select("[data-speaker]")
    assert [t["data-speaker"] for t in turns] == ["Zoë Ähnlich", "José María, Jr.", "田中", "ana_ruiz"]
    assert label_of(turns[3]) == "ana_ruiz:"
    assert "turn--1" in turns[3]["class"]  # the fourth speaker reuses the first style


def test_labels_are_escaped_in_attributes_and_text():
    html = to_html("""
        Layout: dialogue
        Speakers: R&D "Team" <x>

        R&D "Team" <x>: We spoke.
        """)
    turn = BeautifulSoup(html, "html.parser").select_one("[data-speaker]")
    assert turn["data-speaker"] == 'R&D "Team" <x>'
    assert label_of(turn) == 'R&D "Team" <x>:'
    assert "<x>" not in html.replace("&lt;x&gt;", "")
    assert turns_by_speaker("""
        Layout: dialogue
        Speakers: R&D "Team" <x>

        R&D "Team" <x>: We spoke.
        """) == {'R&D "Team" <x>': 1}


def test_footnotes_stay_outside_the_last_turn():
    page = soup("""
        Layout: dialogue
        Speakers: Jenny, Jeremy

        Jenny: A claim.[^1]

        [^1]: The source.
        """)
    footnotes = page.select_one("div.footnote")
    assert footnotes is not None and footnotes.find_parent(attrs={"data-speaker": True}) is None


@pytest.mark.parametrize("header", ["Title: Plain\n", "Title: Plain\nLayout: article\n",
                                    "Title: Plain\nSpeakers: Jenny\nInterviewee: Jenny\n"])
def test_posts_without_a_conversation_layout_are_unchanged(header):
    text = header + "\nQ: not a question here?\n\nJenny: not a turn.\n\n---\n\nEnd.\n"
    assert to_html(text) == to_html(text, conversations=False)
    assert "data-speaker" not in to_html(text)


def test_markers():
    assert split_labels(" Jenny ,Jeremy, Jenny,, ") == ["Jenny", "Jeremy"]
    assert split_labels("Park, Jenny; Cole, Jeremy") == ["Park, Jenny", "Cole, Jeremy"]
    assert turn_start("Ana Ruiz: hi", ["Ana", "Ana Ruiz"]) == ("Ana Ruiz", "hi")
    assert turn_start("Jenny:", ["Jenny"]) == ("Jenny", "")
    assert turn_start("Jenny:x", ["Jenny"]) is None
    assert turn_start("jenny: lower case is not the declared label", ["Jenny"]) is None
    assert turn_start("**Jenny:* unbalanced", ["Jenny"]) is None
    assert question_text("Q: Why?") == "Why?"
    assert question_text("Q:   ") is None


def test_contents_text_drops_footnote_marks_and_ids():
    (question,) = questions("""
        Layout: interview
        Interviewee: Ana Ruiz

        Q: Is the *source*[^src] [linked](https://example.org) {#custom}?

        Yes.

        [^src]: A footnote.
        """)
    assert question.id == "q1"
    assert "<sup" in question.text
    assert question.toc_text.startswith("Is the <em>source</em> linked")
    assert " id=" not in question.toc_text and "<a" not in question.toc_text


def test_attribute_lists_cannot_move_a_question_anchor():
    text = """
        Layout: interview
        Interviewee: Ana Ruiz

        Q: Why? {#custom .highlight}

        Because.
        """
    heading = BeautifulSoup(to_html(text), "html.parser").find("h2")
    assert heading["id"] == "q1" and "highlight" in heading["class"]
    assert [q.id for q in questions(text)] == ["q1"]


def test_new_post_skeletons_are_valid_conversations():
    import datetime as dt

    from service_voices.site.newpost import skeleton

    interview = skeleton("Talk", "interview", "Dana Brooks", dt.date(2026, 11, 22))
    assert [q.id for q in questions(interview)] == ["q1", "q2"]
    dialogue = skeleton("Chat", "dialogue", "Jenny Park", dt.date(2026, 11, 22))
    assert turns_by_speaker(dialogue) == {"Jenny": 1, "Jeremy": 1}


def test_questions_and_answers_are_recorded_as_data_matching_the_html():
    html, md = converted(INTERVIEW)
    conversation = md.conversation
    assert conversation.layout == "interview" and conversation.is_interview
    assert [(turn.speaker, turn.question_id) for turn in conversation.turns] == [("Ana Ruiz", "q1"), ("Ana Ruiz", "q2")]
    # The recorded HTML is the page's own, character for character.
    for turn in conversation.turns:
        assert f'<div class="interview-answer" data-speaker="Ana Ruiz">\n{turn.html}\n</div>' in html
    assert conversation.turns[0].opening == '<b class="speaker-label">Ana Ruiz:</b> Names, mostly.'
    assert conversation.turns[0].html.startswith(f"<p>{conversation.turns[0].opening}</p>")
    assert "<h3" in conversation.turns[0].html and "<blockquote>" in conversation.turns[0].html
    second = conversation.questions[1]
    assert f'<span class="interview-question__number">2.</span> {second.text}</h2>' in html


def test_dialogue_turns_are_recorded_in_order_with_their_opening_paragraph():
    html, md = converted(DIALOGUE)
    turns = md.conversation.turns
    assert md.conversation.layout == "dialogue" and not md.conversation.is_interview
    assert [turn.speaker for turn in turns] == ["Jenny", "Jeremy", "Jenny", "Jeremy", "Jenny"]
    assert all(turn.question_id is None for turn in turns) and md.conversation.questions == []
    assert turns[0].opening == '<b class="speaker-label">Jenny:</b> First turn.'
    assert turns[1].opening == '<b class="speaker-label">Jeremy:</b> Reply in bold form.'
    assert all(turn.html in html for turn in turns)
    assert "<pre><code>" in turns[0].html and "Note: an undeclared label" in turns[0].html


def test_unanswered_questions_have_no_turn_and_other_posts_no_conversation():
    _, md = converted("""
        Layout: interview
        Interviewee: Sam Lee

        Q: First?

        Q: Second?

        Finally an answer.
        """)
    assert [q.id for q in md.conversation.questions] == ["q1", "q2"]
    assert [turn.question_id for turn in md.conversation.turns] == ["q2"]
    assert converted("Title: Plain\n\nQ: not a question?\n")[1].conversation is None
    # A dialogue without its Speakers: line is still a dialogue, with no turns to record.
    _, unlabelled = converted("Layout: dialogue\n\nJenny: Hello.\n")
    assert unlabelled.conversation.layout == "dialogue" and unlabelled.conversation.turns == []


def test_contents_text_drops_links_the_author_wrote_as_raw_html_too():
    (question,) = questions("""
        Layout: interview
        Interviewee: Ana Ruiz

        Q: Is <a href="/x" id="raw">this *raw*</a> link fine & <em>kept</em>?

        Yes.
        """)
    assert '<a href="/x" id="raw">this <em>raw</em></a>' in question.text
    assert question.toc_text == "Is this <em>raw</em> link fine &amp; <em>kept</em>?"
