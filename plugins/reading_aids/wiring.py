from pelican import signals

from service_voices.markdown_reader import use_markdown_reader
from service_voices.site.build_memo import memoized, text_key

from .images import ImageHintsExtension
from .neighbours import previous_and_next, related_posts_by_post
from .settings import setting
from .text import count_words, reading_minutes
from .toc import table_of_contents, wants_contents


def add_markdown_extension(readers):
    # Image hints are made as Markdown builds each post and page; the reader also
    # records the headings the contents list is made from.
    settings = readers.settings
    use_markdown_reader(readers, ImageHintsExtension(settings["PATH"], settings.get("SITEURL") or ""))


def lists_own_contents(post) -> bool:
    """The rule of README "Plugin contracts": an interview lists its questions and a
    white paper its sections, so a second, generic list would only repeat them."""
    conversation = getattr(post, "conversation", None)
    is_interview = conversation is not None and conversation.is_interview
    return is_interview or getattr(post, "paper_sections", None) is not None


def _add_reading_aids(post, settings) -> None:
    # The raw HTML, not post.content: Pelican memoizes .content, and reading it before
    # the static files are known would freeze {static} links unresolved.
    html = post._content or ""
    # Under invoke serve an unchanged post's count comes from the last build.
    words = memoized(settings, "reading_aids.words", text_key(html), lambda: count_words(html))
    post.word_count = words
    post.reading_time = reading_minutes(words, setting(settings, "READING_AIDS_WORDS_PER_MINUTE"))
    post.toc = table_of_contents(
        getattr(post, "headings", None) or [], words,
        setting(settings, "READING_AIDS_TOC_MIN_WORDS"),
        setting(settings, "READING_AIDS_TOC_MIN_HEADINGS"),
    ) if wants_contents(post.metadata.get("toc"), lists_own_contents(post)) else []


def add_reading_aids(generator):
    settings = generator.settings
    published = list(generator.articles)
    everything = published + list(generator.hidden_articles) + list(generator.drafts)
    for post in everything:
        _add_reading_aids(post, settings)
        post.related_posts = []
        post.previous_post = post.next_post = None
    count = setting(settings, "READING_AIDS_RELATED_COUNT")
    # Only published posts link to each other: hidden posts and drafts stay unlisted.
    neighbours = previous_and_next(published)
    related = related_posts_by_post(published, count)
    for post in published:
        post.previous_post, post.next_post = neighbours[id(post)]
        post.related_posts = related[id(post)]


def register():
    signals.readers_init.connect(add_markdown_extension)
    signals.article_generator_finalized.connect(add_reading_aids)
