from pelican import signals

from service_voices.markdown_reader import use_markdown_reader

from .generator import NewsletterGenerator


def add_generator(pelican):
    return NewsletterGenerator


def record_posts(readers):
    # Each post's first paragraph (and conversation) is recorded as it is read, for its digest.
    use_markdown_reader(readers)


def register():
    signals.get_generators.connect(add_generator)
    signals.readers_init.connect(record_posts)
