"""Defaults for reading_aids; override any of them in pelicanconf.py."""

from service_voices.settings import defaults_reader

DEFAULTS = {
    # A steady adult reading pace for practical prose; reading time is rounded up.
    "READING_AIDS_WORDS_PER_MINUTE": 230,
    # A post gets a table of contents only when it is long enough to need one:
    # at least this many words AND at least this many section headings (h2/h3).
    # A post can opt out with `Toc: off` in its front matter. Interviews and white
    # papers list their own contents and get none unless their front matter has a
    # `Toc:` line (see toc.wants_contents).
    "READING_AIDS_TOC_MIN_WORDS": 800,
    "READING_AIDS_TOC_MIN_HEADINGS": 3,
    # How many related posts (sharing at least one tag) to list under a post.
    "READING_AIDS_RELATED_COUNT": 3,
}

setting = defaults_reader(DEFAULTS)
