"""Drawing one social card (no Pelican here)."""

from __future__ import annotations

import hashlib
import io
import json

from PIL import Image, ImageChops, ImageDraw, ImageFont
from PIL import __version__ as PILLOW_VERSION

CARD_SIZE = (1200, 630)
# Bump when the drawing below changes, so cached cards are drawn again.
DESIGN_VERSION = 2
MARGIN = 80
BACKGROUND = (11, 47, 87)
ACCENT = (124, 184, 255)
TITLE_COLOUR = (255, 255, 255)
QUIET_COLOUR = (201, 220, 239)
TITLE_SIZES = (72, 64, 56, 48, 42)
TITLE_MAX_LINES = 4
# In the order they are drawn: where two overlap, the later one shows.
INKS = (ACCENT, TITLE_COLOUR, QUIET_COLOUR)
# Three inks, each a ramp of this many steps from the background, plus the background
# itself fill the 256 entries a palette PNG holds.
INK_STEPS = 85
# A fast zlib level: flat colour compresses well even so, and the best levels cost
# several times the drawing for a few KB.
COMPRESS_LEVEL = 3


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


def _ramps() -> bytes:
    """The background, then for each ink its steps from just off the background to full ink."""
    palette = list(BACKGROUND)
    for ink in INKS:
        for step in range(1, INK_STEPS + 1):
            palette += [round(back + (colour - back) * step / INK_STEPS) for back, colour in zip(BACKGROUND, ink)]
    return bytes(palette)


def _index_tables() -> tuple[tuple[int, ...], ...]:
    """For each ink, coverage (0-255) to palette index: 0 where the background shows."""
    steps = [round(value * INK_STEPS / 255) for value in range(256)]
    return tuple(tuple(ink * INK_STEPS + step if step else 0 for step in steps) for ink in range(len(INKS)))


PALETTE = _ramps()
INDEX_TABLES = _index_tables()


def _lay(indices: Image.Image, coverage: Image.Image, ink: int) -> None:
    """Lay one ink onto the card's palette indices, over what is already there."""
    box = coverage.getbbox()
    if box is None:
        return
    # Only the box the ink covers is worked on: most of a card is bare background.
    # A later ink's indices are all higher than an earlier one's, so the lighter of the
    # two is the later ink wherever it has any coverage, as paint over paint.
    inked = coverage.crop(box).point(INDEX_TABLES[ink])
    indices.paste(ImageChops.lighter(indices.crop(box), inked), box)


def render_card(title: str, byline: str, site_name: str, fonts: dict) -> bytes:
    """The card as PNG bytes. ``fonts`` maps "bold" and "regular" to font files."""
    # Each ink is drawn as its coverage in a greyscale layer and the layers become the
    # indices of a palette image directly: nothing is left for a costly quantize to do.
    accent, title_layer, quiet = (Image.new("L", CARD_SIZE) for _ in range(3))
    draw = ImageDraw.Draw(accent)
    width = CARD_SIZE[0] - 2 * MARGIN
    site_font = ImageFont.truetype(fonts["bold"], 34)
    draw.rectangle([MARGIN, MARGIN, MARGIN + 56, MARGIN + 8], fill=255)
    draw.text((MARGIN, MARGIN + 28), site_name, font=site_font, fill=255)
    title_font, lines = _fitted_title(draw, title, fonts["bold"], width)
    line_height = int(title_font.size * 1.18)
    top = MARGIN + 120
    draw_title = ImageDraw.Draw(title_layer)
    for number, line in enumerate(lines):
        draw_title.text((MARGIN, top + number * line_height), line, font=title_font, fill=255)
    if byline:
        byline_font = ImageFont.truetype(fonts["regular"], 34)
        shown = byline
        while draw.textlength(shown, font=byline_font) > width and " " in shown:
            shown = shown.rsplit(" ", 1)[0].rstrip(",") + "…"
        ImageDraw.Draw(quiet).text((MARGIN, CARD_SIZE[1] - MARGIN - 40), shown, font=byline_font, fill=255)
    indices = Image.new("L", CARD_SIZE)
    for ink, coverage in enumerate((accent, title_layer, quiet)):
        _lay(indices, coverage, ink)
    card = Image.frombytes("P", CARD_SIZE, indices.tobytes())
    card.putpalette(PALETTE)
    out = io.BytesIO()
    card.save(out, format="PNG", compress_level=COMPRESS_LEVEL)
    return out.getvalue()

