"""Writing a file a plugin adds to the built site, creating its folders."""

from __future__ import annotations

import os
import shutil


def write_output_file(target: str, data: bytes) -> str | None:
    """Write ``data`` to ``target``; the reason it could not be written, or None.

    The caller reports the reason outside any except block, so the build's one-line
    report does not repeat the exception text.
    """
    try:
        os.makedirs(os.path.dirname(target) or ".", exist_ok=True)
        with open(target, "wb") as handle:
            handle.write(data)
    except OSError as error:
        return error.strerror or str(error)
    return None


def copy_into_output(pending, output_path: str) -> list[tuple[str, str]]:
    """Copy each ``(cached file, path in the site)`` into the output folder.

    Returns ``(target, reason)`` for each file that could not be written, for the
    plugin to report in its own words.
    """
    failures = []
    for cached, save_as in pending:
        target = os.path.join(output_path, save_as)
        try:
            with open(cached, "rb") as handle:
                data = handle.read()
        except OSError as error:
            failures.append((target, error.strerror or str(error)))
            continue
        reason = write_output_file(target, data)
        if reason:
            failures.append((target, reason))
    return failures


def link_or_copy(source: str | os.PathLike, target: str | os.PathLike) -> None:
    """Give ``target`` the bytes of ``source``: a hard link, or a copy across file systems.

    Only for files nobody writes in place afterwards: a link shares their bytes.
    """
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)
