"""Pixel sizes of image files, for the width and height attributes pages and emails need."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path

_LENGTH = re.compile(r"^\s*([0-9]*\.?[0-9]+)\s*(px)?\s*$")


def _svg_size(path: Path) -> tuple[int, int] | None:
    try:
        root = ElementTree.parse(path).getroot()
    except (ElementTree.ParseError, OSError):
        return None
    width, height = (_LENGTH.match(root.get(name, "")) for name in ("width", "height"))
    if width and height:
        return round(float(width.group(1))), round(float(height.group(1)))
    box = (root.get("viewBox") or "").replace(",", " ").split()
    if len(box) == 4:
        try:
            return round(float(box[2])), round(float(box[3]))
        except ValueError:
            return None
    return None


def image_size(path: str | Path) -> tuple[int, int] | None:
    """Pixel size of an SVG, PNG, JPEG, GIF or WebP file; None when it cannot be read."""
    path = Path(path)
    if not path.is_file():
        return None
    if path.suffix.lower() == ".svg":
        return _svg_size(path)
    try:
        from PIL import Image

        with Image.open(path) as image:
            return image.size
    except Exception:  # Pillow raises many types for unreadable files; a size is only a hint
        return None
