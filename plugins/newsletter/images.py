"""Pixel size of an image file, for the width/height an email needs; no Pelican imports."""

from __future__ import annotations

import re
from pathlib import Path

_SVG_ROOT = re.compile(rb"<svg\b[^>]*>", re.S)
_NUMBER = re.compile(rb"^\s*([0-9.]+)\s*(px)?\s*$")


def _svg_size(data: bytes) -> tuple[int, int] | None:
    root = _SVG_ROOT.search(data)
    if not root:
        return None
    tag = root.group(0)

    def attribute(name: bytes):
        found = re.search(rb"\s" + name + rb"\s*=\s*[\"']([^\"']*)[\"']", tag)
        return found.group(1) if found else None

    width, height = attribute(b"width"), attribute(b"height")
    if width and height and _NUMBER.match(width) and _NUMBER.match(height):
        return round(float(_NUMBER.match(width).group(1))), round(float(_NUMBER.match(height).group(1)))
    box = attribute(b"viewBox")
    if box:
        numbers = box.replace(b",", b" ").split()
        if len(numbers) == 4:
            return round(float(numbers[2])), round(float(numbers[3]))
    return None


def image_size(path: str | Path) -> tuple[int, int] | None:
    path = Path(path)
    try:
        if path.suffix.lower() == ".svg":
            return _svg_size(path.read_bytes()[:4096])
        from PIL import Image

        with Image.open(path) as picture:
            return picture.size
    except (ImportError, OSError, ValueError):  # Pillow is optional: no size, then a warning
        return None
