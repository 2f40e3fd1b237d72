"""What the newsletter's mail files were built from, so that a send can tell stale ones.

The build writes ``build.json`` into the mail folder: the settings that shape the
messages, as the settings file gave them, and a fingerprint of the content and theme
files (the path, size and modification time of each). ``invoke send`` reads its own
settings file and compares. Other settings (a preview build, another ``SITEURL``) or
content changed since mean the files on disk are not the issue it was asked to send.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from service_voices.newsletter_common import SHARED_DEFAULTS

STAMP_FILE = "build.json"
# Bump when the stamp's meaning changes: a stamp of another format is stale.
STAMP_FORMAT = 1
# Besides every NEWSLETTER_* setting, the site settings an email is rendered from.
SITE_SETTINGS = ("SITEURL", "SITENAME", "DEFAULT_LANG", "TIMEZONE", "DEFAULT_DATE_FORMAT", "PATH", "THEME",
                 "ARTICLE_URL", "PAGE_URL", "STATIC_PATHS")
# Where a build puts its files, not what they say.
IGNORED_SETTINGS = ("NEWSLETTER_MAIL_PATH",)


def _plain(value):
    """A JSON value that compares equal whenever the setting means the same (tuples as lists)."""
    return json.loads(json.dumps(value, default=str, sort_keys=True))


def settings_snapshot(settings: Mapping) -> dict:
    """The settings that shape a message. Shared ones count with their defaults, because a
    plugin may have filled those in during the build while the sender reads the bare file."""
    names = set(SITE_SETTINGS) | set(SHARED_DEFAULTS) | {name for name in settings if name.startswith("NEWSLETTER_")}
    return {name: _plain(settings.get(name, SHARED_DEFAULTS.get(name)))
            for name in sorted(names - set(IGNORED_SETTINGS))}


@dataclass
class Sources:
    fingerprint: str
    newest: str  # the most recently modified file, for messages


def source_files(settings: Mapping) -> Sources:
    """Fingerprint of the content (PATH) and theme files, hidden ones left out (editors' swap files)."""
    digest = hashlib.sha256()
    newest, newest_mtime = "", 0.0
    for key in ("PATH", "THEME"):
        root = settings.get(key)
        if not root or not os.path.isdir(root):
            continue
        for directory, folders, files in os.walk(root):
            folders[:] = sorted(name for name in folders if not name.startswith("."))
            for name in sorted(files):
                if name.startswith("."):
                    continue
                path = os.path.join(directory, name)
                try:
                    info = os.stat(path)
                except OSError:  # removed while we looked: the next look sees the change
                    continue
                relative = os.path.relpath(path, root)
                digest.update(f"{key}\0{relative}\0{info.st_size}\0{info.st_mtime_ns}\n".encode())
                if info.st_mtime > newest_mtime:
                    newest, newest_mtime = os.path.join(os.path.basename(root), relative), info.st_mtime
    return Sources(digest.hexdigest(), newest)


def make_stamp(settings: Mapping, sources: Sources, issues: Iterable[str]) -> dict:
    return {
        "format": STAMP_FORMAT,
        "built_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "settings": settings_snapshot(settings),
        "sources": sources.fingerprint,
        "issues": sorted(issues),
    }


def write_stamp(folder: str | os.PathLike, stamp: dict) -> None:
    Path(folder).mkdir(parents=True, exist_ok=True)
    (Path(folder) / STAMP_FILE).write_text(json.dumps(stamp, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


@dataclass
class Freshness:
    """Whether the mail files in a folder were built from these settings and this content."""
    fresh: bool
    reason: str = ""
    issues: tuple[str, ...] = ()


def _differences(built: dict, now: dict) -> str:
    changed = [name for name in sorted(set(built) | set(now)) if built.get(name) != now.get(name)]
    if "SITEURL" in changed:
        return f"they were built for SITEURL {built.get('SITEURL')!r}, not {now.get('SITEURL')!r}"
    shown = ", ".join(changed[:3]) + (f" and {len(changed) - 3} more" if len(changed) > 3 else "")
    return f"they were built with other settings ({shown} differ)"


def freshness(folder: str | os.PathLike, settings: Mapping) -> Freshness:
    path = Path(folder) / STAMP_FILE
    try:
        stamp = json.loads(path.read_text(encoding="utf-8"))
        built_settings, built_sources, issues = stamp["settings"], stamp["sources"], tuple(stamp["issues"])
        built_format = stamp["format"]
    except FileNotFoundError:
        return Freshness(False, f"no mail files have been built into {folder}")
    except (OSError, ValueError, KeyError, TypeError) as error:
        return Freshness(False, f"{path} is not a readable build stamp ({error})")
    if built_format != STAMP_FORMAT:
        return Freshness(False, f"the mail files in {folder} were built by another version of the newsletter plugin")
    now = settings_snapshot(settings)
    if built_settings != now:
        return Freshness(False, f"the mail files in {folder} do not fit these settings: "
                         + _differences(built_settings, now), issues)
    sources = source_files(settings)
    if sources.fingerprint != built_sources:
        changed = f" ({sources.newest} was changed last)" if sources.newest else ""
        return Freshness(False, f"the content or theme changed after the mail files in {folder} were built{changed}",
                         issues)
    return Freshness(True, "", issues)
