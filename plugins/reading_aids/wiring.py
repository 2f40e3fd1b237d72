from pelican import signals

from service_voices.images import image_size

from .images import add_image_hints, content_file
from .neighbours import previous_and_next, related_posts_by_post
from .settings import setting
from .text import count_words, reading_minutes
from .toc import table_of_contents


def hint_images(content) -> None:
    settings = content.settings

    def size_of(src):
        path = content_file(src, settings["PATH"], settings.get("SITEURL") or "")
        return image_size(path) if path else None

    if content._content:
        content._content = add_image_hints(content._content, size_of)


def _opted_out(value) -> bool:
    return str(value).strip().casefold() in {"off", "no", "false", "0", "none"} if value is not None else False


def _add_reading_aids(post, settings) -> None:
    # The raw HTML, not post.content: Pelican memoizes .content, and reading it before
    # the static files are known would freeze {static} links unresolved.
    html = post._content or ""
    words = count_words(html)
    post.word_count = words
    post.reading_time = reading_minutes(words, setting(settings, "READING_AIDS_WORDS_PER_MINUTE"))
    post.toc = [] if _opted_out(post.metadata.get("toc")) else table_of_contents(
        html, words,
        setting(settings, "READING_AIDS_TOC_MIN_WORDS"),
        setting(settings, "READING_AIDS_TOC_MIN_HEADINGS"),
    )


def add_reading_aids(generator):
    settings = generator.settings
    published = list(generator.articles)
    everything = published + list(generator.hidden_articles) + list(generator.drafts)
    for post in everything:
        hint_images(post)
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


def hint_page_images(generator):
    for page in list(generator.pages) + list(generator.hidden_pages) + list(generator.draft_pages):
        hint_images(page)


def register():
    signals.article_generator_finalized.connect(add_reading_aids)
    signals.page_generator_finalized.connect(hint_page_images)
