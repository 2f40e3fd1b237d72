"""Resizing one picture to the widths a page offers (Pillow; no Pelican here)."""

from __future__ import annotations

import io

from PIL import Image

# Formats kept as they are; anything else becomes a JPEG.
KEPT_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


def rendition_widths(original_width: int, widths: list[int]) -> list[int]:
    """The configured widths narrower than the picture, plus its own width when it is
    narrower than the widest configured one: never an enlargement."""
    chosen = sorted({width for width in widths if width < original_width})
    if not widths or original_width <= max(widths):
        chosen.append(original_width)
    return sorted(set(chosen)) or [original_width]


def resize(data: bytes, width: int, quality: int) -> tuple[bytes, str, int]:
    """The picture ``width`` px wide as (bytes, file extension, height)."""
    with Image.open(io.BytesIO(data)) as image:
        kind = image.format if image.format in KEPT_FORMATS else "JPEG"
        height = max(1, round(image.height * width / image.width))
        resized = image.resize((width, height), Image.LANCZOS) if width != image.width else image.copy()
        if kind == "JPEG" and resized.mode not in ("RGB", "L"):
            resized = resized.convert("RGB")
        out = io.BytesIO()
        options = {"quality": quality, "optimize": True} if kind in ("JPEG", "WEBP") else {"optimize": True}
        resized.save(out, format=kind, **options)
    return out.getvalue(), KEPT_FORMATS.get(kind, "jpg"), height
