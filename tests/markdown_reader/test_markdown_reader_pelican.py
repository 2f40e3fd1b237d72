"""The shared Markdown reader on real files, as Pelican's Readers use it (no site build)."""

import pickle
from types import SimpleNamespace

import pytest
from conversations.mdext import ConversationsExtension
from pelican.readers import MarkdownReader as PelicanMarkdownReader
from pelican.tests.support import get_settings
from reading_aids.images import ImageHintsExtension
from support import write

from service_voices.markdown_reader import MarkdownReader, use_markdown_reader

SUFFIXES = PelicanMarkdownReader.file_extensions


def readers_with(reader_classes=None):
    """What use_markdown_reader() touches on Pelican's Readers: its suffix -> class table."""
    return SimpleNamespace(reader_classes=dict(reader_classes or dict.fromkeys(SUFFIXES, PelicanMarkdownReader)))


def settings_for(content):
    return get_settings(PATH=str(content), SITEURL="https://s.example",
                        MARKDOWN={"extension_configs": {"markdown.extensions.extra": {},
                                                        "markdown.extensions.toc": {}}, "output_format": "html5"})


@pytest.fixture
def interview(tmp_path):
    return write(tmp_path / "posts" / "talk.md", """
        Title: Talk
        Layout: interview
        Interviewee: Ana Ruiz
        Summary: The *short* version, with its own paragraph.

        ## Before we start

        Intro paragraph with ![a chart]({static}/images/chart.svg).

        Q: Which habits matter?

        Names, mostly.
        """)


def test_the_reader_hands_the_records_over_in_the_metadata(tmp_path, interview):
    readers = readers_with()
    use_markdown_reader(readers, ConversationsExtension())
    reader_class = readers.reader_classes["md"]
    assert all(readers.reader_classes[suffix] is reader_class for suffix in SUFFIXES)
    settings = settings_for(tmp_path)
    content, metadata = reader_class(settings).read(str(interview))
    assert [(h.level, h.id, h.text) for h in metadata["headings"]] == [
        (2, "before-we-start", "Before we start"), (2, "q1", "1. Which habits matter?")]
    # The body's first paragraph, not the summary's, which Pelican converts afterwards.
    assert metadata["first_paragraph"].startswith("Intro paragraph with <img")
    assert "<em>short</em>" in metadata["summary"]
    conversation = metadata["conversation"]
    assert [q.id for q in conversation.questions] == ["q1"]
    assert conversation.turns[0].opening == '<b class="speaker-label">Ana Ruiz:</b> Names, mostly.'
    assert conversation.turns[0].html in content
    # Pelican's content cache pickles what the reader returns.
    assert pickle.loads(pickle.dumps((content, metadata)))[1]["conversation"] == conversation
    # The plugins' extensions stay out of the build's own MARKDOWN settings, which
    # author profiles and newsletter issues are read with.
    assert not any(isinstance(extension, ConversationsExtension) for extension in settings["MARKDOWN"]["extensions"])
    assert "conversation" not in PelicanMarkdownReader(settings).read(str(interview))[1]


def test_posts_without_a_conversation_get_headings_and_first_paragraph_only(tmp_path):
    post = write(tmp_path / "plain.md", "Title: Plain\n\nJust prose.\n")
    readers = readers_with()
    use_markdown_reader(readers, ConversationsExtension())
    _, metadata = readers.reader_classes["md"](settings_for(tmp_path)).read(str(post))
    assert metadata["headings"] == [] and metadata["first_paragraph"] == "Just prose."
    assert "conversation" not in metadata


def test_installing_is_idempotent_and_stays_with_one_readers_object():
    first, second = readers_with(), readers_with()
    use_markdown_reader(first, ConversationsExtension())
    use_markdown_reader(first, ConversationsExtension(), ImageHintsExtension("/content", ""))
    use_markdown_reader(first)
    use_markdown_reader(second)
    reader_class = first.reader_classes["md"]
    assert issubclass(reader_class, MarkdownReader) and reader_class.__name__ == "MarkdownReader"
    assert [type(extension).__name__ for extension in reader_class.plugin_extensions] == [
        "ConversationsExtension", "ImageHintsExtension"]
    assert second.reader_classes["md"] is not reader_class and second.reader_classes["md"].plugin_extensions == ()
    assert MarkdownReader.plugin_extensions == ()


def test_a_suffix_the_settings_gave_another_reader_is_left_alone():
    class OwnReader(PelicanMarkdownReader):
        pass

    readers = readers_with({"md": OwnReader, "markdown": None, "mkd": PelicanMarkdownReader})
    use_markdown_reader(readers)
    assert readers.reader_classes["md"] is OwnReader and readers.reader_classes["markdown"] is None
    assert issubclass(readers.reader_classes["mkd"], MarkdownReader)


def test_images_get_their_hints_as_the_post_is_read(tmp_path, interview):
    write(tmp_path / "images" / "chart.svg", '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="150"/>')
    readers = readers_with()
    use_markdown_reader(readers, ImageHintsExtension(str(tmp_path), "https://s.example"))
    content, metadata = readers.reader_classes["md"](settings_for(tmp_path)).read(str(interview))
    assert ('<img alt="a chart" decoding="async" height="150" loading="lazy" src="{static}/images/chart.svg" '
            'width="300">') in content
    # Recorded after the hints, so the records hold the page's own markup.
    assert 'loading="lazy"' in metadata["first_paragraph"]
