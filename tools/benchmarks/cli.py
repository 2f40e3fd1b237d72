"""Command-line front end shared by ``invoke bench`` and ``python -m benchmarks``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .builds import ROOT, BuildFailed
from .runner import Options, format_table, run


def parse_sizes(text: str) -> tuple[int, ...]:
    try:
        sizes = tuple(int(part) for part in str(text).replace(" ", "").split(",") if part)
    except ValueError:
        raise ValueError("--sizes takes post counts separated by commas, such as 250,1000,4000; "
                         f"got {text!r}") from None
    if not sizes or min(sizes) < 1:
        raise ValueError(f"--sizes needs at least one positive post count; got {text!r}")
    return sizes


def options_from(posts, repeat, sizes, big_repeat, output, messages, seed, workdir, extras,
                 serve=True) -> Options:
    if int(posts) < 1 or int(repeat) < 1 or int(big_repeat) < 1 or int(messages) < 1:
        raise ValueError("--posts, --repeat, --big-repeat and --messages must be positive")
    output = Path(output)
    return Options(
        posts=int(posts), repeat=int(repeat), sizes=parse_sizes(sizes), big_repeat=int(big_repeat),
        output=output if output.is_absolute() else ROOT / output, messages=int(messages), seed=int(seed),
        workdir=Path(workdir).resolve() if workdir else None, extras=bool(extras), serve=bool(serve),
        progress=lambda text: print(text, flush=True),
    )


def execute(options: Options) -> int:
    try:
        results = run(options)
    except (BuildFailed, TimeoutError) as error:
        print(f"ERROR: benchmark stopped: {error}", file=sys.stderr)
        return 1
    print()
    print(format_table(results))
    return 0


def main(argv: list[str] | None = None) -> int:
    defaults = Options()
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description="Benchmark the site build.")
    parser.add_argument("--posts", type=int, default=defaults.posts, help="posts in the main corpus")
    parser.add_argument("--repeat", type=int, default=defaults.repeat, help="runs of each build (medians)")
    parser.add_argument("--sizes", default=",".join(map(str, defaults.sizes)), help="corpus sizes for time per post")
    parser.add_argument("--big-repeat", type=int, default=defaults.big_repeat,
                        help="runs for sizes larger than --posts")
    parser.add_argument("--messages", type=int, default=defaults.messages, help="messages to personalise")
    parser.add_argument("--output", default="bench-results.json", help="where to write the JSON figures")
    parser.add_argument("--seed", type=int, default=defaults.seed)
    parser.add_argument("--workdir", default="", help="keep corpora, outputs and logs here")
    parser.add_argument("--no-extras", action="store_true", help="skip newsletter, PDF and sending figures")
    parser.add_argument("--no-serve", action="store_true", help="skip the edit loop under invoke serve")
    args = parser.parse_args(argv)
    try:
        options = options_from(args.posts, args.repeat, args.sizes, args.big_repeat, args.output,
                               args.messages, args.seed, args.workdir, not args.no_extras,
                               not args.no_serve)
    except ValueError as error:
        parser.error(str(error))
    return execute(options)
