"""Share cards drawn: white text on the brand colour, as small palette PNGs.

Cards are drawn with Pillow and cached by the hash of what is on them, so an unchanged card is
never drawn twice (`.sitegen-cache/cards/`, safe to delete). Which page gets a card, and what it
says, is planned in `pages/social.py`.
"""

from __future__ import annotations

import hashlib
import io
import os
from functools import cache, lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from sitegen.core.files import write_whole
from sitegen.core.workers import in_workers
from sitegen.pages.social import CARD_SIZE, Card

CARD_DESIGN = "2"  # change it when the drawing changes, so cached cards are drawn again
CACHE_DIR = ".sitegen-cache/cards"
BACKGROUND = (11, 79, 138)  # the humas theme's brand blue
MARGIN = 40
FOOTER_Y = CARD_SIZE[1] - 40


def draw_cards(cards: list[Card], site_dir: Path, workers: int = 1) -> dict[str, Path]:
    """Site path -> the PNG file of every card in the cache, drawn first if it is not there (in
    `workers` forked processes when many, workers.py); the writer copies them into the site (a hard
    link would let an edit in the published folder change the cache, and every later build with it)."""
    cache_dir = site_dir / CACHE_DIR
    files = {card.path: cache_dir / f"{_key(card)}.png" for card in cards}
    missing = [card for card in cards if not os.path.isfile(files[card.path])]
    # `draw` looked up now, not at import: a test replaces it to prove nothing is drawn again.
    for card, data in zip(missing, in_workers(draw, missing, workers), strict=True):
        write_whole(files[card.path], data)
    return files


def _key(card: Card) -> str:
    return hashlib.sha256("\0".join([CARD_DESIGN, card.site_name, card.text, card.footer]).encode()).hexdigest()


def draw(card: Card) -> bytes:
    """The card as PNG: white text on the brand colour, drawn in grey levels for speed."""
    size = 32 if len(card.text) <= 70 else 26
    lines = _wrap(card.text, size, CARD_SIZE[0] - 2 * MARGIN, max_lines=5)
    tops = [88 + number * round(size * 1.25) for number in range(len(lines))]
    # The footer may be drawn before the title (in the frame every card of the site shares) only where
    # no row holds both: text is blended into what is under it, so where they met the order would show.
    footer_apart = not lines or tops[-1] + _font(size).getbbox(lines[-1])[3] + 2 <= _footer_top(card.footer)
    image = _frame(card.site_name, card.footer if footer_apart else "").copy()
    pen = ImageDraw.Draw(image)
    for top, line in zip(tops, lines, strict=True):
        pen.text((MARGIN, top), line, font=_font(size), fill=255)
    if not footer_apart:
        pen.text((MARGIN, FOOTER_Y), card.footer, font=_font(15), fill=190)
    # Grey level n becomes the n-th step from the brand colour to white: a palette PNG, small and fast.
    image.putpalette(_palette())  # the grey image becomes the palette one where it is: no copy
    out = io.BytesIO()
    image.save(out, "PNG", compress_level=3)  # level 6 halves the speed for 20% fewer bytes
    return out.getvalue()


def _wrap(text: str, size: int, width: int, max_lines: int) -> list[str]:
    lines: list[str] = []
    last_width = 0.0  # of the last line
    for word in text.split():
        if lines:
            candidate_width = _joined_width(size, lines[-1], last_width, word)
            if candidate_width <= width:
                lines[-1], last_width = f"{lines[-1]} {word}", candidate_width
                continue
        lines.append(word)
        last_width = _length(size, word)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1].rstrip(".,;:") + " …"
    return lines


def _joined_width(size: int, line: str, line_width: float, word: str) -> float:
    """The width of f"{line} {word}", as the font measures it whole.

    With Pillow's basic layout a text's width is the sum of its characters' advances and of the kerning of
    each pair of neighbours, in whole 64ths of a pixel: so the line's width, the word's, and the pairs
    where they meet the space give it exactly, from widths measured once per word and pair rather than
    the whole line measured again for every word (a fifth of drawing a card). Any other layout is
    measured whole."""
    font = _font(size)
    if font.layout_engine != ImageFont.Layout.BASIC:
        return font.getlength(f"{line} {word}")
    last, first = line[-1], word[0]
    return (line_width + _length(size, last + " ") - _length(size, last) - _length(size, " ")
            + _length(size, " " + first) - _length(size, first) + _length(size, word))


@lru_cache(maxsize=100_000)  # the words of a site's titles, and pairs of characters: bounded for `sitegen serve`
def _length(size: int, text: str) -> float:
    return _font(size).getlength(text)


@cache
def _frame(site_name: str, footer: str) -> Image.Image:
    """What every card of a site (and language) shows around its title, drawn once per process: the
    site's name, the rule under it and, when given, the footer. Drawn in the order draw() once used."""
    image = Image.new("L", CARD_SIZE, 0)
    pen = ImageDraw.Draw(image)
    pen.text((MARGIN, 35), site_name, font=_font(18), fill=255)
    pen.rectangle((MARGIN, 65, MARGIN + 60, 68), fill=200)
    if footer:
        pen.text((MARGIN, FOOTER_Y), footer, font=_font(15), fill=190)
    return image


@cache
def _footer_top(footer: str) -> int:
    """The first row the footer's ink can reach."""
    return FOOTER_Y + _font(15).getbbox(footer)[1] if footer else CARD_SIZE[1]


@cache
def _font(size: int) -> ImageFont.FreeTypeFont:
    # Pillow's own scalable font: no font file on the build machine is needed.
    return ImageFont.load_default(size=size)  # type: ignore[return-value]


@cache
def _palette() -> list[int]:
    return [round(c + (255 - c) * level / 255) for level in range(256) for c in BACKGROUND]
