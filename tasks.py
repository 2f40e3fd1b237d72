"""Author and maintainer commands. Run `invoke --list` to see them all.

One convention: every command has a flat name (`invoke build`, `invoke send`). The
site commands are here; the newsletter's mail commands live in
service_voices/newsletter_mail and the benchmark and audit commands in tools/, and
are imported at the bottom of this file.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from invoke import Exit, task

from service_voices.newsletter_common import MAIL_FOLDER_NAME
from service_voices.settings import load_settings
from service_voices.site import build as site_build
from service_voices.site import up_to_date
from service_voices.site.newpost import LAYOUTS, write_new_post

ROOT = Path(__file__).resolve().parent

OUTPUT = ROOT / "output"


def _build(settings_file: str, output: Path = OUTPUT, overrides: dict | None = None, strict: bool = False,
           skip_unchanged: bool = False) -> None:
    overrides = dict(overrides or {})
    if strict:
        overrides[site_build.STRICT_SETTING] = True
    seen = _unchanged_since_last_build(settings_file, output, overrides)
    # A strict build with warnings must fail again, not be skipped.
    if skip_unchanged and seen is not None and seen.warnings is not None and not (strict and seen.warnings):
        for warning in seen.warnings:
            print(f"WARNING: {warning}", file=sys.stderr)
        print(f"{output} is up to date: nothing it is built from changed since the last good build"
              f" ({len(seen.warnings)} warning(s)); `invoke build --force` builds it anyway.")
        return
    result = site_build.build(ROOT / settings_file, output, overrides)
    if not result.ok:
        if seen is not None:
            up_to_date.forget(seen.cache)
        raise Exit(f"Build failed with {len(result.errors)} error(s); {output} was left as it was.", code=1)
    if seen is not None:
        up_to_date.remember(seen.cache, output, seen.fingerprint, result.warnings)
    print(f"Built the site into {output} in {result.seconds:.2f} s ({len(result.warnings)} warning(s)).")


@dataclass
class _LastBuild:
    cache: Path
    fingerprint: str
    warnings: list[str] | None


def _unchanged_since_last_build(settings_file: str, output: Path, overrides: dict) -> _LastBuild | None:
    try:
        settings = load_settings(ROOT / settings_file, overrides)
    except Exception:  # the build reports a broken settings file on one line
        return None
    cache = Path(settings["CACHE_PATH"])
    # Taken before building: a save during the build then counts as a change next time.
    fingerprint = up_to_date.fingerprint(ROOT / settings_file, settings, overrides)
    return _LastBuild(cache, fingerprint, up_to_date.unchanged_warnings(cache, output, fingerprint))


@task(help={
    "strict": "fail on any warning too (BUILD_STRICT = True in the settings does the same)",
    "force": "build even when nothing changed since the last good build",
    "output": "folder to build into (default output/)",
})
def build(c, settings="pelicanconf.py", strict=False, force=False, output=""):
    """Build the site into output/ (kept as it was if the build fails; skipped when nothing changed)."""
    _build(settings, Path(output).resolve() if output else OUTPUT, strict=strict, skip_unchanged=not force)


@task
def clean(c):
    """Remove built files and caches. Never touches content or the subscriber database."""
    for name in ("output", MAIL_FOLDER_NAME, "cache", ".pytest_cache"):
        shutil.rmtree(ROOT / name, ignore_errors=True)
    for leftover in (*ROOT.glob(".output.*"), *ROOT.glob(f".{MAIL_FOLDER_NAME}.*")):
        shutil.rmtree(leftover, ignore_errors=True)
    print(f"Removed output/, {MAIL_FOLDER_NAME}/ and caches.")


@task(help={
    "settings": "settings file to preview with (default pelicanconf.py)",
    "output": "folder to build into and serve (default output/)",
})
def serve(c, port=8000, host="127.0.0.1", settings="pelicanconf.py", output=""):
    """Preview on http://127.0.0.1:8000, rebuilding and reloading the browser on every save."""
    from livereload import Server

    from service_voices.site.serve_session import ServeSession
    from service_voices.site.watching import SaveWatcher

    site_url = f"http://{host}:{port}"
    folder = Path(output).resolve() if output else OUTPUT
    try:
        session = ServeSession(ROOT / settings, folder, {"SITEURL": site_url}, cache=folder.parent / "cache" / "serve")
    except Exception as error:  # a settings file that cannot be read: one line, no traceback
        raise Exit(f"invoke serve: {settings}: {type(error).__name__}: {error}", code=1) from None

    def rebuild():
        print(f"[{dt.datetime.now():%H:%M:%S}] {session.rebuild().log_line()}", flush=True)

    rebuild()
    server = Server(watcher=SaveWatcher(session.watched_roots(), rebuild))
    print(f"Serving {folder} on {site_url} (Ctrl+C to stop)", flush=True)
    server.serve(host=host, port=int(port), root=str(folder), open_url_delay=None)


@task(help={"k": "only tests whose names match this expression", "x": "stop at the first failure"})
def test(c, k="", x=False):
    """Run the whole test suite."""
    args = [sys.executable, "-m", "pytest"]
    if k:
        args += ["-k", k]
    if x:
        args.append("-x")
    code = subprocess.call(args, cwd=ROOT)
    if code:
        raise Exit(code=code)


@task(help={
    "target": "rsync destination such as user@host:/var/www/site (default: $PUBLISH_RSYNC_TARGET)",
    "gh_pages": "push output/ to the gh-pages branch of the git remote 'origin' instead",
    "strict": "fail on any warning (the default; --no-strict publishes despite warnings)",
})
def publish(c, target="", gh_pages=False, strict=True):
    """Build with publishconf.py (strict: any warning stops it) and upload to a static host."""
    _build("publishconf.py", strict=strict)
    if gh_pages:
        _push_gh_pages(c)
        return
    target = target or os.environ.get("PUBLISH_RSYNC_TARGET", "")
    if not target:
        raise Exit("Say where to publish: --target user@host:/path, PUBLISH_RSYNC_TARGET, or --gh-pages.", code=2)
    c.run(f"rsync --archive --compress --delete --human-readable --itemize-changes {OUTPUT}/ {target.rstrip('/')}/")


def _push_gh_pages(c):
    remote = c.run("git remote get-url origin", hide=True, warn=True)
    if not remote.ok:
        raise Exit("No git remote named 'origin' to push gh-pages to.", code=2)
    staging = ROOT / ".output.gh-pages"
    shutil.rmtree(staging, ignore_errors=True)
    shutil.copytree(OUTPUT, staging)
    (staging / ".nojekyll").touch()
    with c.cd(str(staging)):
        c.run("git init --quiet --initial-branch gh-pages")
        c.run("git add --all && git commit --quiet -m 'Publish site'")
        c.run(f"git push --force {remote.stdout.strip()} gh-pages")
    shutil.rmtree(staging, ignore_errors=True)


@task(help={"layout": f"one of: {', '.join(LAYOUTS)}", "author": "who writes it (default: the site's AUTHOR)"})
def new(c, title, layout="article", author=""):
    """Start a new draft post with the front matter for its layout."""
    if title.startswith("-"):
        # invoke passes an unknown flag (even --help) through as the positional title.
        raise Exit(f"{title!r} looks like an option, not a title; see `invoke --help new`.", code=2)
    if layout not in LAYOUTS:
        raise Exit(f"Unknown layout {layout!r}; choose one of: {', '.join(LAYOUTS)}", code=2)
    author = author or "Your Name"
    try:
        path = write_new_post(ROOT / "content" / "posts", title, layout, author, dt.date.today())
    except FileExistsError as error:
        raise Exit(str(error), code=1) from None
    print(f"Wrote {path.relative_to(ROOT)} (Status: draft; remove that line to publish).")

from service_voices.blog_import.tasks import import_blog  # noqa: E402,F401
from service_voices.newsletter_mail.bounces.tasks import mail_outcomes, newsletter_report, process_bounces  # noqa: E402,F401,E501
from service_voices.newsletter_mail.sending.tasks import send  # noqa: E402,F401
from service_voices.newsletter_mail.service.tasks import subscriptions  # noqa: E402,F401
from service_voices.newsletter_mail.subscribers.tasks import (  # noqa: E402,F401
    export_subscribers,
    forget,
    import_subscribers,
    subscriber,
    subscribers,
)
from service_voices.responses.tasks import comments, send_webmentions  # noqa: E402,F401
from tools.audit.tasks import audit  # noqa: E402,F401
from tools.benchmarks.tasks import bench, bench_send, bench_unsubscribe  # noqa: E402,F401
from tools.screenshots.tasks import screenshots  # noqa: E402,F401
