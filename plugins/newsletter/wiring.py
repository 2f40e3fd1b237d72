from pelican import signals

from service_voices.settings import exclude_from_posts_and_pages

from .generator import NewsletterGenerator
from .settings import setting


def exclude_issues(pelican):
    """Issues are read by the newsletter generator alone, wherever ARTICLE_PATHS points."""
    exclude_from_posts_and_pages(pelican.settings, setting(pelican.settings, "NEWSLETTER_PATH"))


def add_generator(pelican):
    return NewsletterGenerator


def register():
    signals.initialized.connect(exclude_issues)
    signals.get_generators.connect(add_generator)
