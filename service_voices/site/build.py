"""Build the site so that a failed build never costs the last good ``output/``.

Pelican writes into a fresh staging folder beside the output folder. Only when the
build finished and logged no error is the staging folder swapped in; otherwise it
is thrown away and ``output/`` stays exactly as it was. The newsletter's mail files
(built, but not for the public) get the same treatment in their own folder.

Run as ``python -m service_voices.site.build [--settings F] [--output DIR] [--set KEY=JSON]``.
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from service_voices.newsletter_common import mail_folder, mail_folder_problem
from service_voices.settings import load_settings, parse_overrides
from service_voices.site.deferred_work import DEFERRED_WORK_SETTING
from service_voices.site.messages import ProjectMessages

# True makes every warning an error: the build fails and output/ is kept.
STRICT_SETTING = "BUILD_STRICT"


@dataclass
class BuildResult:
    ok: bool
    output: Path
    seconds: float
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


class _Collector(logging.Handler):
    """Print each warning and error on one line, and remember them."""

    def __init__(self, stream):
        super().__init__(logging.WARNING)
        self.stream = stream
        self.errors: list[str] = []
        self.warnings: list[str] = []
        self.messages = ProjectMessages()

    def emit(self, record):
        try:
            message = record.getMessage()
        except Exception:  # a malformed log call must not hide the real problem
            message = str(record.msg)
        # Pelican logs some failures without their reason ("Could not process X") from
        # inside its except block; the exception being handled is that reason.
        handled = sys.exc_info()[1]
        if record.levelno >= logging.ERROR and handled is not None and str(handled) not in message:
            message = f"{message}: {handled}"
        # Keep every problem on one line, even when a message spans several.
        message = ": ".join(part.strip() for part in message.splitlines() if part.strip())
        message = self.messages.rewrite(message)
        if message is None:
            return
        if record.levelno >= logging.ERROR:
            self.errors.append(message)
            label = "ERROR"
        else:
            self.warnings.append(message)
            label = "WARNING"
        print(f"{label}: {message}", file=self.stream, flush=True)


def _swap_in(staging: Path, output: Path) -> None:
    previous = None
    if output.exists():
        # Unique per swap: under `invoke serve` the last build's copy may still be
        # being deleted when the next one is swapped in.
        previous = Path(tempfile.mkdtemp(prefix=f".{output.name}.previous-", dir=output.parent))
        os.replace(output, previous)
    os.replace(staging, output)
    if previous is not None:
        # Deleting a few thousand files takes a second or more on a slow disk, and the
        # new site is already in place: a reload need not wait for it. Not a daemon
        # thread, so a command-line build still finishes the deletion before it exits.
        threading.Thread(target=shutil.rmtree, args=(previous,), kwargs={"ignore_errors": True},
                         name="remove-previous-output").start()


class _BuildRefused(Exception):
    pass


def _stage_mail_folder(settings: dict, output: Path) -> tuple[Path, Path]:
    """Point the newsletter at a staging folder beside its mail folder: (staging, mail folder)."""
    target = mail_folder(settings, output)
    problem = mail_folder_problem(target, output)
    if problem:
        raise _BuildRefused(problem)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.building-", dir=target.parent))
    settings["NEWSLETTER_MAIL_PATH"] = str(staging)
    return staging, target


def build(settings_file: str | os.PathLike = "pelicanconf.py", output: str | os.PathLike | None = None,
          overrides: dict | None = None, stream=None) -> BuildResult:
    """Build the site; swap the result into ``output`` only when it is clean."""
    from pelican import Pelican

    stream = stream or sys.stderr
    settings_file = Path(settings_file).resolve()
    overrides = dict(overrides or {})
    if output is None:
        output = overrides.get("OUTPUT_PATH") or settings_file.parent / "output"
    output = Path(output).resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.building-", dir=output.parent))

    collector = _Collector(stream)
    root = logging.getLogger()
    root.addHandler(collector)
    previous_level = root.level
    root.setLevel(logging.WARNING)
    started = time.perf_counter()
    mail = None
    settings = None
    try:
        overrides["OUTPUT_PATH"] = str(staging)
        overrides.setdefault("DELETE_OUTPUT_DIRECTORY", False)
        settings = load_settings(settings_file, overrides)
        collector.messages.content_root = settings["PATH"]
        mail = _stage_mail_folder(settings, output)
        Pelican(settings).run()
    except _BuildRefused as error:
        collector.errors.append(str(error))
        print(f"ERROR: {error}", file=stream, flush=True)
    except Exception as error:  # reported as one line, never as a traceback
        collector.errors.append(f"{type(error).__name__}: {error}")
        print(f"ERROR: build stopped: {type(error).__name__}: {error}", file=stream, flush=True)
    finally:
        root.removeHandler(collector)
        root.setLevel(previous_level)
    seconds = time.perf_counter() - started

    strict = bool(settings.get(STRICT_SETTING)) if settings else False
    if strict and collector.warnings and not collector.errors:
        print(f"ERROR: strict build: {len(collector.warnings)} warning(s) count as errors", file=stream, flush=True)
    if collector.errors or (strict and collector.warnings):
        shutil.rmtree(staging, ignore_errors=True)
        if mail is not None:
            shutil.rmtree(mail[0], ignore_errors=True)
        return BuildResult(False, output, seconds, collector.errors + (collector.warnings if strict else []),
                           collector.warnings)
    deferred = settings.get(DEFERRED_WORK_SETTING)
    if deferred is not None:
        deferred.carry_over(output, staging)
    _swap_in(*mail)
    _swap_in(staging, output)
    return BuildResult(True, output, seconds, [], collector.warnings)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--settings", default="pelicanconf.py")
    parser.add_argument("--output", default=None, help="output folder (default: output/ beside the settings)")
    parser.add_argument("--strict", action="store_true", help="fail on any warning, as on any error")
    parser.add_argument("--set", action="append", default=[], metavar="KEY=JSON",
                        help="override a setting, e.g. --set 'PLUGINS=[]' or --set SITEURL=http://x")
    args = parser.parse_args(argv)
    if not Path(args.settings).is_file():
        print(f"ERROR: {args.settings}: settings file not found", file=sys.stderr)
        return 2
    overrides = parse_overrides(args.set)
    if args.strict:
        overrides[STRICT_SETTING] = True
    result = build(args.settings, args.output, overrides)
    if not result.ok:
        print(f"Build failed with {len(result.errors)} error(s) in {result.seconds:.2f} s; "
              f"{result.output} was left as it was.", file=sys.stderr)
        return 1
    print(f"Built the site into {result.output} in {result.seconds:.2f} s"
          f" ({len(result.warnings)} warning(s)).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
