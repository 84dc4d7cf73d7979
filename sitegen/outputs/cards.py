"""Share cards drawn: white text on the brand colour, as small palette PNGs.

Cards are drawn with Pillow and cached by the hash of what is on them, so an unchanged card is
never drawn twice (`.sitegen-cache/cards/`, safe to delete). Which page gets a card, and what it
says, is planned in `pages/social.py`.
"""

from __future__ import annotations

import hashlib
import io
import os
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from sitegen.core.files import write_whole
from sitegen.pages.social import CARD_SIZE, Card

CARD_DESIGN = "2"  # change it when the drawing changes, so cached cards are drawn again
CACHE_DIR = ".sitegen-cache/cards"
BACKGROUND = (11, 79, 138)  # the humas theme's brand blue
MARGIN = 40
PARALLEL_FROM = 100  # fewer cards than this are drawn faster than worker processes start


def draw_cards(cards: list[Card], site_dir: Path) -> dict[str, Path]:
    """Site path -> the PNG file of every card in the cache, drawn first if it is not there (on every
    core when many); the writer copies them into the site (a hard link would let an edit in the
    published folder change the cache, and every later build with it)."""
    cache_dir = site_dir / CACHE_DIR
    files = {card.path: cache_dir / f"{_key(card)}.png" for card in cards}
    missing = [card for card in cards if not files[card.path].is_file()]
    for card, data in zip(missing, _draw_all(missing), strict=True):
        write_whole(files[card.path], data)
    return files


def _draw_all(cards: list[Card]) -> list[bytes]:
    workers = min(os.cpu_count() or 1, 8)
    if len(cards) < PARALLEL_FROM or workers == 1:
        return [draw(card) for card in cards]
    from concurrent.futures import ProcessPoolExecutor  # here: it loads multiprocessing (start-up)

    with ProcessPoolExecutor(workers) as pool:
        return list(pool.map(draw, cards, chunksize=64))


def _key(card: Card) -> str:
    return hashlib.sha256("\0".join([CARD_DESIGN, card.site_name, card.text, card.footer]).encode()).hexdigest()


def draw(card: Card) -> bytes:
    """The card as PNG: white text on the brand colour, drawn in grey levels for speed."""
    image = Image.new("L", CARD_SIZE, 0)
    pen = ImageDraw.Draw(image)
    pen.text((MARGIN, 35), card.site_name, font=_font(18), fill=255)
    pen.rectangle((MARGIN, 65, MARGIN + 60, 68), fill=200)
    size = 32 if len(card.text) <= 70 else 26
    for number, line in enumerate(_wrap(card.text, _font(size), CARD_SIZE[0] - 2 * MARGIN, max_lines=5)):
        pen.text((MARGIN, 88 + number * round(size * 1.25)), line, font=_font(size), fill=255)
    pen.text((MARGIN, CARD_SIZE[1] - 40), card.footer, font=_font(15), fill=190)
    # Grey level n becomes the n-th step from the brand colour to white: a palette PNG, small and fast.
    coloured = Image.frombytes("P", CARD_SIZE, image.tobytes())
    coloured.putpalette(_palette())
    out = io.BytesIO()
    coloured.save(out, "PNG", compress_level=3)  # level 6 halves the speed for 20% fewer bytes
    return out.getvalue()


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: int, max_lines: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        candidate = f"{lines[-1]} {word}" if lines else word
        if lines and font.getlength(candidate) <= width:
            lines[-1] = candidate
        else:
            lines.append(word)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1].rstrip(".,;:") + " …"
    return lines


@cache
def _font(size: int) -> ImageFont.FreeTypeFont:
    # Pillow's own scalable font: no font file on the build machine is needed.
    return ImageFont.load_default(size=size)  # type: ignore[return-value]


@cache
def _palette() -> list[int]:
    return [round(c + (255 - c) * level / 255) for level in range(256) for c in BACKGROUND]
