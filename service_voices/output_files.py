"""Writing a file a plugin adds to the built site, creating its folders."""

from __future__ import annotations

import os


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
