from pelican import signals

from .generator import NewsletterGenerator


def add_generator(pelican):
    return NewsletterGenerator


def register():
    signals.get_generators.connect(add_generator)
