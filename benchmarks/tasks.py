"""``invoke bench``: how fast the site builds, with and without the project's plugins."""

from invoke import Exit, task

from .cli import execute, options_from
from .corpus import DEFAULT_SEED


@task(help={
    "posts": "posts in the main corpus (default 1000)",
    "repeat": "runs of each build; medians are reported (default 3)",
    "sizes": "corpus sizes for time per post, comma-separated (default 250,1000,4000)",
    "big_repeat": "runs for sizes larger than --posts (default 1)",
    "messages": "messages to personalise in the sending figure (default 10000)",
    "output": "JSON file for the figures (default bench-results.json)",
    "seed": "seed of the synthetic corpus",
    "workdir": "keep corpora, outputs and build logs in this folder",
    "no_extras": "skip the newsletter, PDF and sending figures",
})
def bench(c, posts=1000, repeat=3, sizes="250,1000,4000", big_repeat=1, messages=10_000,
          output="bench-results.json", seed=DEFAULT_SEED, workdir="", no_extras=False):
    """Benchmark the build: plugins on vs plain Pelican, warm rebuild, time per post."""
    try:
        options = options_from(posts, repeat, sizes, big_repeat, output, messages, seed, workdir, not no_extras)
    except ValueError as error:
        raise Exit(f"invoke bench: {error}", code=2)
    code = execute(options)
    if code:
        raise Exit(code=code)
