"""Share cards drawn for less: the same PNG bytes as drawing every card whole, in the build's own process
with one worker (`-j 1`), and the same files whichever number of workers draws them."""

from __future__ import annotations

import io
import multiprocessing
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from sitegen.outputs import cards
from sitegen.pages.social import CARD_SIZE, Card

# Titles that wrap in every way: short, long (the smaller size), five lines whose last reaches the footer
# (which is then drawn after the title, as before), kerned pairs, punctuation, one long word, none at all.
TITLES = [
    "",
    "Rakornis",
    "Rakornis BP3MI DKI Jakarta Evaluasi Layanan Penempatan dan Pelindungan PMI",
    "Coordination Meeting Reviews Placement and Protection Services for Indonesian Migrant Workers in 2025",
    " ".join(["WWWWWWWWWWgjq"] * 5),
    " ".join(["gjqWWWWWWWWWW"] * 5),
    "AV To Wa “Aman” – katanya — Jum’at… ½ ÀÉÎ ff fi (PMI) ke Taiwan, Korea; 20.191 orang!",
    "Pemberangkatanpekerjamigranindonesiakeluarnegerimelaluiskemagovernmenttogovernment",
    "Satu dua tiga empat lima enam tujuh delapan sembilan sepuluh sebelas dua belas tiga belas empat belas "
    "lima belas enam belas tujuh belas delapan belas sembilan belas dua puluh dua puluh satu dua puluh dua",
]

KERNED = "Rakornis BP3MI “Aman” – Jum’at… AV To Wa ff fi Pelindungan PMI ke Taiwan, Korea; 20.191 orang!"


def font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.load_default(size=size)  # type: ignore[return-value]


def wrapped_whole(text: str, size: int) -> list[str]:
    """Lines as they were wrapped before: every candidate line measured whole."""
    lines: list[str] = []
    for word in text.split():
        candidate = f"{lines[-1]} {word}" if lines else word
        if lines and font(size).getlength(candidate) <= CARD_SIZE[0] - 2 * cards.MARGIN:
            lines[-1] = candidate
        else:
            lines.append(word)
    if len(lines) > 5:
        lines = lines[:5]
        lines[-1] = lines[-1].rstrip(".,;:") + " …"
    return lines


def drawn_whole(card: Card) -> bytes:
    """A card drawn as it was before: everything on it, in order from the top, for every card."""
    image = Image.new("L", CARD_SIZE, 0)
    pen = ImageDraw.Draw(image)
    pen.text((cards.MARGIN, 35), card.site_name, font=font(18), fill=255)
    pen.rectangle((cards.MARGIN, 65, cards.MARGIN + 60, 68), fill=200)
    size = 32 if len(card.text) <= 70 else 26
    for number, line in enumerate(wrapped_whole(card.text, size)):
        pen.text((cards.MARGIN, 88 + number * round(size * 1.25)), line, font=font(size), fill=255)
    pen.text((cards.MARGIN, CARD_SIZE[1] - 40), card.footer, font=font(15), fill=190)
    coloured = Image.frombytes("P", CARD_SIZE, image.tobytes())
    coloured.putpalette(cards._palette())
    out = io.BytesIO()
    coloured.save(out, "PNG", compress_level=3)
    return out.getvalue()


@pytest.mark.parametrize("title", TITLES)
def test_a_card_is_the_same_as_drawn_whole(title: str) -> None:
    for site_name, footer in (("Situs Uji", "example.org"), ("Test Site", "bp3mi-jakarta.example.go.id")):
        card = Card("/x/share.png", site_name, title, footer)
        assert cards.draw(card) == drawn_whole(card), (title, site_name)


def test_a_title_reaching_the_footer_is_drawn_before_it() -> None:
    """A title whose ink reaches the footer's rows: the footer is drawn over it, as before (drawn first,
    with the site's name, the card would differ where they meet)."""
    title = " ".join(["gjqWWWWWWWWWW"] * 5)
    lines = cards._wrap(title, 32, CARD_SIZE[0] - 2 * cards.MARGIN, 5)
    assert len(lines) == 5
    assert 88 + 4 * 40 + font(32).getbbox(lines[-1])[3] > cards._footer_top("example.org")
    card = Card("/x/share.png", "Situs", title, "example.org")
    assert cards.draw(card) == drawn_whole(card)


@pytest.mark.parametrize("size", [26, 32])
def test_titles_wrap_where_the_font_measures_them_whole(size: int) -> None:
    words = KERNED.split()
    titles = TITLES + [" ".join(words[start:] + words[:start]) * 2 for start in range(len(words))]
    for title in titles:
        assert cards._wrap(title, size, CARD_SIZE[0] - 2 * cards.MARGIN, 5) == wrapped_whole(title, size), title


def many_cards(count: int) -> list[Card]:
    return [Card(f"/berita/rilis-{n}/share.png", "Situs Uji", f"Rilis nomor {n} tentang layanan PMI", "example.org")
            for n in range(count)]


def test_with_one_worker_cards_are_drawn_in_the_builds_own_process(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    def no_pool(*_: object, **__: object) -> None:
        pytest.fail("a worker process was started for -j 1")

    monkeypatch.setattr(multiprocessing, "get_context", no_pool)
    files = cards.draw_cards(many_cards(250), tmp_path, workers=1)
    assert len(files) == 250 and all(file.is_file() for file in files.values())


def test_cards_drawn_by_workers_are_the_same_files(tmp_path: Path) -> None:
    alone = cards.draw_cards(many_cards(250), tmp_path / "one", workers=1)
    shared = cards.draw_cards(many_cards(250), tmp_path / "two", workers=2)
    assert alone.keys() == shared.keys()
    assert all(alone[path].read_bytes() == shared[path].read_bytes() for path in alone)
    assert len({file.read_bytes() for file in alone.values()}) == 250
