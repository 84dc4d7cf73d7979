"""The image a shared link shows: the release's photo, or a card drawn for it.

A release shared on WhatsApp or Facebook without an image shows a blank box, so a release
without a photo gets a card (PNG, 600 × 315) with the site's name and the release's title in
the release's language; each language's home gets one with the site's description. This
module decides which image each page shares; `outputs/cards.py` draws the cards.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sitegen.core.errors import Problem, SitegenError, raise_if_any
from sitegen.model.site import Page, Site
from sitegen.source.config import Config
from sitegen.source.images import upright_size

CARD_FILE = "share.png"
# 600 × 315 is what Facebook needs for a large preview and more than WhatsApp and X need; it keeps
# cards quick to draw (a few ms each) and light for readers who preview links on prepaid data.
CARD_SIZE = (600, 315)


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


# What a page's value was in the last build, or computed now (`Memory.of_page` in sitegen serve).
Remembered = Callable[[str, Page, Callable[[], Any]], Any]


def compute_now(what: str, page: Page, compute: Callable[[], Any]) -> Any:
    """Remember nothing: a plain build."""
    return compute()


def plan_images(site: Site, site_dir: Path, static: dict[str, Path], remembered: Remembered = compute_now
                ) -> tuple[dict[str, SocialImage], list[Card]]:
    """Each page's share image (keyed by site path), and the cards that must be drawn."""
    config = site.config
    host = urlsplit(config.base_url).netloc
    images: dict[str, SocialImage] = {}
    cards: list[Card] = []
    problems: list[Problem] = []
    for page in site.pages:
        try:  # the same objects as last build for an unchanged page, which sitegen serve compares
            image, card = remembered("share", page, lambda p=page: _share(p, config, host, site_dir, static))
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
