"""``invoke build`` with nothing changed: say so instead of building the same site again.

A build is a function of what it reads (``inputs``), the overrides it ran with and the
versions of Python and Pelican; the same inputs give the same output, byte for byte.
After each good build a fingerprint of all that is kept in the cache folder, with
the identity of the output folder it made and the warnings it printed. The next
build with the same fingerprint, into that same untouched folder, repeats the
warnings and stops there.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
from importlib.metadata import version
from pathlib import Path

from service_voices.site.inputs import build_inputs, stamps_by_kind

MANIFEST = "last-good-build.json"


def fingerprint(settings_file: Path, settings: dict, overrides: dict) -> str:
    looked = stamps_by_kind(build_inputs(settings_file, settings))
    described = {
        "inputs": {kind: sorted(found.items()) for kind, found in looked.items()},
        "overrides": sorted((key, repr(value)) for key, value in overrides.items()),
        "python": platform.python_version(),
        "pelican": version("pelican"),
    }
    return hashlib.sha256(json.dumps(described, default=str).encode("utf-8")).hexdigest()


def _folder_identity(output: Path) -> list[int] | None:
    try:
        stat = output.stat()
    except FileNotFoundError:
        return None
    return [stat.st_dev, stat.st_ino, stat.st_mtime_ns]


def unchanged_warnings(cache: Path, output: Path, print_: str) -> list[str] | None:
    """The last good build's warnings when it had this fingerprint and ``output`` is its folder, else None."""
    try:
        kept = json.loads((cache / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if kept.get("fingerprint") != print_ or kept.get("output") != str(output):
        return None
    identity = _folder_identity(output)
    if identity is None or identity != kept.get("output_identity"):
        return None
    return list(kept.get("warnings", []))


def remember(cache: Path, output: Path, print_: str, warnings: list[str]) -> None:
    cache.mkdir(parents=True, exist_ok=True)
    manifest = {"fingerprint": print_, "output": str(output), "output_identity": _folder_identity(output),
                "warnings": warnings}
    temporary = cache / f".{MANIFEST}.{os.getpid()}"
    temporary.write_text(json.dumps(manifest), encoding="utf-8")
    os.replace(temporary, cache / MANIFEST)


def forget(cache: Path) -> None:
    (cache / MANIFEST).unlink(missing_ok=True)
