"""The image a shared link shows: the release's photo, or a card drawn for it.

A release shared on WhatsApp or Facebook without an image shows a blank box, so a release
without a photo gets a card (PNG, 600 × 315) with the site's name and the release's title in
the release's language; each language's home gets one with the site's description. Cards are
drawn with Pillow and cached by the hash of what is on them, so an unchanged card is never
drawn twice (`.sitegen-cache/cards/`, safe to delete).
"""

from __future__ import annotations

import hashlib
import io
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from PIL import Image, ImageDraw, ImageFont

from sitegen.config import Config
from sitegen.errors import Problem, SitegenError, raise_if_any
from sitegen.images import upright_size
from sitegen.memory import Memory
from sitegen.model import Page, Site
from sitegen.writer import write_whole

CARD_FILE = "share.png"
# 600 × 315 is what Facebook needs for a large preview and more than WhatsApp and X need; it keeps
# cards quick to draw (a few ms each) and light for readers who preview links on prepaid data.
CARD_SIZE = (600, 315)
CARD_DESIGN = "2"  # change it when the drawing changes, so cached cards are drawn again
CACHE_DIR = ".sitegen-cache/cards"
BACKGROUND = (11, 79, 138)  # the humas theme's brand blue
MARGIN = 40
PARALLEL_FROM = 100  # fewer cards than this are drawn faster than worker processes start


@dataclass(frozen=True)
class SocialImage:
    """An image for Open Graph and Twitter cards: where it is served, its size, its description."""

    path: str  # a site path, or a full URL for a photo hosted elsewhere
    width: int | None
    height: int | None
    alt: str


@dataclass(frozen=True)
class Card:
    """A card to draw: where it goes and what it says."""

    path: str
    site_name: str
    text: str
    footer: str


def plan_images(site: Site, site_dir: Path, static: dict[str, Path], memory: Memory | None = None
                ) -> tuple[dict[str, SocialImage], list[Card]]:
    """Each page's share image (keyed by site path), and the cards that must be drawn."""
    memory = memory or Memory()
    config = site.config
    host = urlsplit(config.base_url).netloc
    images: dict[str, SocialImage] = {}
    cards: list[Card] = []
    problems: list[Problem] = []
    for page in site.pages:
        try:  # the same objects as last build for an unchanged page, which sitegen serve compares
            image, card = memory.of_page("share", page, lambda p=page: _share(p, config, host, site_dir, static))
        except SitegenError as error:
            problems.extend(error.problems)
            continue
        if image is not None:
            images[page.path] = image
        if card is not None:
            cards.append(card)
    raise_if_any(problems)
    if config.share_cards:
        for lang in config.language_codes:
            language = config.languages[lang]
            card = Card(site.home_path(lang) + CARD_FILE, language.title, language.description or language.title, host)
            cards.append(card)
            images[site.home_path(lang)] = SocialImage(card.path, *CARD_SIZE, language.title)
    return images, cards


def _share(page: Page, config: Config, host: str, site_dir: Path, static: dict[str, Path]
           ) -> tuple[SocialImage | None, Card | None]:
    """A page's share image: its photo, else a card to draw (if the site wants them)."""
    photo = _photo(page, site_dir, static)
    if photo is not None or not config.share_cards:
        return photo, None
    card = Card(page.path + CARD_FILE, config.languages[page.lang].title, page.title, host)
    return SocialImage(card.path, *CARD_SIZE, page.title), card


def _photo(page: Page, site_dir: Path, static: dict[str, Path]) -> SocialImage | None:
    if not page.image:
        return None
    if urlsplit(page.image).netloc:
        return SocialImage(page.image, None, None, page.image_alt or "")
    if page.image.startswith("/"):
        file, path = static.get(page.image.lstrip("/")), page.image
    else:
        file, path = site_dir / (page.bundle_dir or "") / page.image, page.path + page.image
    if file is None:
        return None  # reported already, where links are checked
    # The header only, as published (turned upright); a photo sitegen cannot take is named as a file.
    width, height = upright_size(file, _shown(file, site_dir))
    return SocialImage(path, width, height, page.image_alt or "")


def _shown(file: Path, site_dir: Path) -> str:
    """A photo's name in messages: from the site's folder (a theme's photo may lie outside it)."""
    return file.relative_to(site_dir).as_posix() if file.is_relative_to(site_dir) else str(file)


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
