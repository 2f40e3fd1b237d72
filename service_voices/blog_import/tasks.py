"""invoke import-blog: move a WordPress or Blogger blog into this site."""

from __future__ import annotations

import sys
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from invoke import Exit, task

from service_voices.settings import SettingsFileMissing, load_settings, project_path

from .run import ImportResult, Options, Site
from .run import import_blog as run_import


def site_from_settings(settings_file: str) -> Site:
    try:
        settings = load_settings(settings_file)
    except SettingsFileMissing as error:
        raise Exit(str(error), code=2) from None
    try:
        zone = ZoneInfo(settings.get("TIMEZONE") or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        raise Exit(f"{settings_file}: unknown TIMEZONE {settings.get('TIMEZONE')!r}", code=2) from None
    first = lambda name, default: (settings.get(name) or [default])[0]  # noqa: E731
    return Site(content=project_path(settings["PATH"]), zone=zone,
                posts=first("ARTICLE_PATHS", "posts"), pages=first("PAGE_PATHS", "pages"),
                authors=settings.get("AUTHOR_PROFILES_PATH", "authors"),
                series=settings.get("SERIES_INFO_PATH") or "series")


def print_report(result: ImportResult, dry_run: bool, stream=sys.stdout) -> None:
    for line in result.lines:
        print(line, file=stream)
    for problem in result.problems:
        print(f"ERROR: {problem}", file=stream)
    if result.outcome is None:
        return
    outcome = result.outcome
    counts = {}
    for planned in outcome.written:
        counts[planned.what] = counts.get(planned.what, 0) + 1
    made = ", ".join(f"{count} {what}{'' if count == 1 else 's'}" for what, count in sorted(counts.items()))
    verb = "Would write" if dry_run else "Wrote"
    failed = len(result.problems) - len(outcome.refused)
    print(f"{verb} {made or 'nothing'}; {len(outcome.unchanged)} unchanged, {len(outcome.refused)} not overwritten, "
          f"{failed} entr{'y' if failed == 1 else 'ies'} not imported."
          + (" Dry run: nothing was written." if dry_run else ""), file=stream)


@task(help={
    "file": "the export: WordPress Tools → Export (WXR .xml) or Blogger's backup (.xml/.atom)",
    "dry_run": "print the import report and write nothing",
    "authors_map": "text file of 'login: Profile Name' lines; missing profiles are created",
    "uploads": "a copy of wp-content/uploads (or a folder of the blog's images) to copy images from",
    "overwrite": "replace posts and pages that exist and differ (never author profiles or series files)",
    "settings": "settings file for the content folder and time zone (default pelicanconf.py)",
})
def import_blog(c, file, dry_run=False, authors_map="", uploads="", overwrite=False, settings="pelicanconf.py"):
    """Import a WordPress or Blogger export as posts in this site's format, recognising layouts."""
    if file.startswith("-"):
        raise Exit(f"{file!r} looks like an option, not a file; see `invoke --help import-blog`.", code=2)
    uploads_dir = Path(uploads) if uploads else None
    if uploads_dir is not None and not uploads_dir.is_dir():
        raise Exit(f"{uploads}: --uploads must be a folder", code=2)
    if authors_map and not Path(authors_map).is_file():
        raise Exit(f"{authors_map}: no such authors map", code=2)
    options = Options(dry_run=dry_run, overwrite=overwrite, authors_map=Path(authors_map) if authors_map else None,
                      uploads=uploads_dir)
    result = run_import(Path(file), site_from_settings(settings), options)
    if result.failed:
        raise Exit(f"ERROR: {result.failed}", code=1)
    print_report(result, dry_run)
    if not result.ok:
        raise Exit(code=1)
    if not dry_run:
        _load_responses(settings)


def _load_responses(settings_file: str) -> None:
    """Comments and pingbacks the import kept go into the responses store, for moderation and the build."""
    from service_voices.newsletter_mail.cli import open_database
    from service_voices.responses.imported import ImportedResponsesError, load_imported
    from service_voices.responses.store import ResponseStore

    config, store = open_database(settings_file, "", ResponseStore, "responses database")
    folder = project_path(config["PATH"]) / "responses"
    if not folder.is_dir():
        return
    try:
        loaded = load_imported(store, folder, config.get("ARTICLE_URL", "posts/{slug}/"),
                               config.get("PAGE_URL", "{slug}/"), config.get("SITEURL", ""))
    except ImportedResponsesError as error:
        raise Exit(f"ERROR: {error}", code=1) from None
    print(f"Responses: {loaded.added} comment(s) and pingback(s) loaded into the responses store "
          f"({loaded.already_there} already there); approve pending ones with `invoke comments`.")

