from pelican import signals

from service_voices.markdown_reader import use_markdown_reader
from service_voices.settings import exclude_from_posts_and_pages

from .generator import NewsletterGenerator
from .settings import setting


def exclude_issues(pelican):
    """Issues are read by the newsletter generator alone, wherever ARTICLE_PATHS points."""
    exclude_from_posts_and_pages(pelican.settings, setting(pelican.settings, "NEWSLETTER_PATH"))


def add_generator(pelican):
    return NewsletterGenerator


def record_posts(readers):
    # Each post's first paragraph (and conversation) is recorded as it is read, for its digest.
    use_markdown_reader(readers)


def register():
    signals.initialized.connect(exclude_issues)
    signals.get_generators.connect(add_generator)
    signals.readers_init.connect(record_posts)
