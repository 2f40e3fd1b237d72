"""Make sure the issue about to be sent was built with the send's own (live) settings, from today's content.

``invoke build`` uses the preview settings and ``invoke send`` the live ones, and both
write the same mail folder, so what a send finds there may be a preview build, a
build for another ``SITEURL``, or older than the content. The build stamp tells;
then the send builds the site itself with its settings (the web pages go to a
scratch folder and are thrown away; only the mail files are kept), or, asked not
to, refuses and names the command that would.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from service_voices.build_stamp import freshness
from service_voices.newsletter_common import mail_folder
from service_voices.settings import project_path

from .issue_files import IssueMissing


class NotBuilt(Exception):
    """The mail files cannot be trusted and were not (or could not be) rebuilt; the message says what to run."""


def ensure_built(settings_file: str, settings: dict, slug: str, rebuild: bool = True, stream=None) -> Path:
    """The mail folder holding ``slug`` built with ``settings``, building it first when needed."""
    stream = stream or sys.stderr
    folder = mail_folder(settings)
    state = freshness(folder, settings)
    if not state.fresh:
        if not rebuild:
            raise NotBuilt(f"{state.reason}; run `invoke build --settings {settings_file}` first "
                           "(or leave out --no-build and the send builds them)")
        print(f"{state.reason}; building them with {settings_file}...", file=stream, flush=True)
        _build(settings_file, folder, stream)
        state = freshness(folder, settings)
        if not state.fresh:
            raise NotBuilt(f"{state.reason} even after building with {settings_file} "
                           "(is the newsletter plugin in PLUGINS? was the content edited meanwhile?)")
    if slug not in state.issues:
        known = f" Built issues: {', '.join(state.issues)}." if state.issues else ""
        raise IssueMissing(f"there is no issue {slug!r} in {folder}: check the slug (its Slug: line, or its "
                           f"title made into a slug).{known}")
    return folder


def _build(settings_file: str, folder: Path, stream) -> None:
    from service_voices.site import build as site_build  # Pelican is loaded only when a build is due

    folder.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=".send-build-", dir=folder.parent))
    try:
        # The search index is the slowest part of a build and no email needs it.
        result = site_build.build(project_path(settings_file), scratch / "output",
                                  {"NEWSLETTER_MAIL_PATH": str(folder), "SITE_SEARCH_INDEX": False}, stream=stream)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    if not result.ok:
        raise NotBuilt(f"building with {settings_file} failed with {len(result.errors)} error(s) (above); "
                       "fix them, then run the send again")
    print(f"Built the mail files into {folder} in {result.seconds:.1f} s.", file=stream, flush=True)
