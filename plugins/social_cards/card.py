"""Drawing one social card (no Pelican here)."""

from __future__ import annotations

import hashlib
import io
import json

from PIL import Image, ImageDraw, ImageFont
from PIL import __version__ as PILLOW_VERSION

CARD_SIZE = (1200, 630)
# Bump when the drawing below changes, so cached cards are drawn again.
DESIGN_VERSION = 1
MARGIN = 80
BACKGROUND = (11, 47, 87)
ACCENT = (124, 184, 255)
TITLE_COLOUR = (255, 255, 255)
QUIET_COLOUR = (201, 220, 239)
TITLE_SIZES = (72, 64, 56, 48, 42)
TITLE_MAX_LINES = 4


def card_key(title: str, byline: str, site_name: str, fonts: dict) -> str:
    """What a card shows and how it is drawn, hashed: the name of its cached file."""
    inputs = [DESIGN_VERSION, PILLOW_VERSION, title, byline, site_name, sorted(fonts.items())]
    return hashlib.sha256(json.dumps(inputs, ensure_ascii=False).encode("utf-8")).hexdigest()[:20]


def _wrapped(draw: ImageDraw.ImageDraw, text: str, font, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        candidate = f"{lines[-1]} {word}" if lines else word
        if lines and draw.textlength(candidate, font=font) <= width:
            lines[-1] = candidate
        else:
            lines.append(word)
    return lines


def _fitted_title(draw, title: str, bold_path: str, width: int):
    """The largest title size that fits in the lines available, and its lines."""
    for size in TITLE_SIZES:
        font = ImageFont.truetype(bold_path, size)
        lines = _wrapped(draw, title, font, width)
        if len(lines) <= TITLE_MAX_LINES and all(draw.textlength(line, font=font) <= width for line in lines):
            return font, lines
    font = ImageFont.truetype(bold_path, TITLE_SIZES[-1])
    lines = _wrapped(draw, title, font, width)[:TITLE_MAX_LINES]
    lines[-1] = lines[-1].rstrip(".,;:") + "…"
    return font, lines


def render_card(title: str, byline: str, site_name: str, fonts: dict) -> bytes:
    """The card as PNG bytes. ``fonts`` maps "bold" and "regular" to font files."""
    image = Image.new("RGB", CARD_SIZE, BACKGROUND)
    draw = ImageDraw.Draw(image)
    width = CARD_SIZE[0] - 2 * MARGIN
    site_font = ImageFont.truetype(fonts["bold"], 34)
    draw.rectangle([MARGIN, MARGIN, MARGIN + 56, MARGIN + 8], fill=ACCENT)
    draw.text((MARGIN, MARGIN + 28), site_name, font=site_font, fill=ACCENT)
    title_font, lines = _fitted_title(draw, title, fonts["bold"], width)
    line_height = int(title_font.size * 1.18)
    top = MARGIN + 120
    for number, line in enumerate(lines):
        draw.text((MARGIN, top + number * line_height), line, font=title_font, fill=TITLE_COLOUR)
    if byline:
        byline_font = ImageFont.truetype(fonts["regular"], 34)
        shown = byline
        while draw.textlength(shown, font=byline_font) > width and " " in shown:
            shown = shown.rsplit(" ", 1)[0].rstrip(",") + "…"
        draw.text((MARGIN, CARD_SIZE[1] - MARGIN - 40), shown, font=byline_font, fill=QUIET_COLOUR)
    out = io.BytesIO()
    # A palette image of these few flat colours stays far under the 300 KB a card may weigh.
    image.quantize(colors=64).save(out, format="PNG", optimize=True)
    return out.getvalue()
