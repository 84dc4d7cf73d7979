"""Share cards and feeds that did not change are taken from the last build as hard links, as
unchanged pages are (incremental/generated.py); a changed one is made again, byte for byte what a
cold build makes (tests/test_caching.py covers every kind of change)."""

from __future__ import annotations

from pathlib import Path

from sitegen.commands.build import BuildReport, build
from sitegen.commands.prepare import BuildOptions
from sitegen.incremental.nochange import RECORD as LAST_BUILD
from tests.conftest import NOW, make_site

CARD = "berita/2025-08-20-sosialisasi/share.png"
FEEDS = ("index.xml", "atom.xml", "kategori/pengumuman/index.xml", "en/index.xml")


def full_build(site: Path) -> BuildReport:
    """A build that does not end early (incremental/nochange.py), as after any change."""
    (site / LAST_BUILD).unlink(missing_ok=True)
    return build(BuildOptions(site_dir=site, now=NOW))


def inode(site: Path, relative: str) -> int:
    return (site / "public" / relative).stat().st_ino


def test_unchanged_cards_and_feeds_are_linked_and_changed_ones_made_again(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    full_build(site)
    before = {name: inode(site, name) for name in (CARD, *FEEDS)}
    full_build(site)
    assert {name: inode(site, name) for name in before} == before  # the same files, linked
    release = site / "content/news/hanya-indonesia.md"
    text = release.read_text(encoding="utf-8")
    assert "title: Pengumuman Khusus Indonesia" in text
    release.write_text(text.replace("title: Pengumuman Khusus Indonesia", "title: Pengumuman Baru"), encoding="utf-8")
    full_build(site)
    after = {name: inode(site, name) for name in before}
    # The Indonesian feeds that list the release are written again; its category's too; the English
    # feed and the card of another release are taken over.
    assert [name for name in before if after[name] != before[name]] == [
        "index.xml", "atom.xml", "kategori/pengumuman/index.xml"]
    assert "Pengumuman Baru" in (site / "public/index.xml").read_text(encoding="utf-8")
