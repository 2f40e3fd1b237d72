"""What a build reads, and how to tell whether any of it changed since last time.

A build's output follows from its content, its settings file, the theme, the plugins
and the project package (and the versions of Python and Pelican). The serve session
and ``invoke build`` both decide from these modification stamps what to rebuild.
"""

from __future__ import annotations

import os
from pathlib import Path

from service_voices.settings import PROJECT_ROOT

# Python code: imported once per process, so only a new process sees a change.
CODE_FOLDERS = ("plugins", "service_voices")


def build_inputs(settings_file: Path, settings: dict, project: Path = PROJECT_ROOT) -> dict[str, list[Path]]:
    """The files and folders a build reads, by kind: settings, layout, code, content."""
    return {
        "settings": [Path(settings_file)],
        "layout": [Path(settings["THEME"])],
        "code": [project / name for name in CODE_FOLDERS] + [Path(path) for path in settings.get("PLUGIN_PATHS", [])],
        "content": [Path(settings["PATH"])],
    }


def stamps(root: Path) -> dict[str, tuple[int, int]]:
    """Modification time and size of every file under ``root`` (or of ``root`` itself)."""
    if not root.exists():
        return {}
    if root.is_file():
        stat = root.stat()
        return {str(root): (stat.st_mtime_ns, stat.st_size)}
    found = {}
    for folder, dirs, files in os.walk(root):
        dirs[:] = [name for name in dirs if not name.startswith(".") and name != "__pycache__"]
        for name in files:
            path = os.path.join(folder, name)
            try:
                stat = os.stat(path)
            except FileNotFoundError:  # deleted while we looked
                continue
            found[path] = (stat.st_mtime_ns, stat.st_size)
    return found


def stamps_by_kind(inputs: dict[str, list[Path]]) -> dict[str, dict]:
    looked = {}
    for kind, roots in inputs.items():
        found = {}
        for root in roots:
            found.update(stamps(root))
        looked[kind] = found
    return looked


def changed(before: dict, after: dict) -> list[str]:
    return sorted(path for path in before.keys() | after.keys() if before.get(path) != after.get(path))
