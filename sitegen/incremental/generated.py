"""Share cards and feeds taken from the last build, as unchanged pages are (reuse.py).

A warm or CI build would otherwise copy every share card from `.sitegen-cache/cards/` and write
every feed again (2,000 cards and 200 feeds at 1,000 releases, about a second). Each one is
entered in the reuse record like a page, with a fingerprint of what it is made from:
- a card: the name of its cache file, which is the hash of what the card shows (outputs/cards.py);
- a feed: its list of releases (each as the digest of all its fields), its title and language,
  and, for an empty feed, the newest date on the site (`site_epoch`, its Atom `updated`); the
  shared fingerprint covers sitegen, the config (base URL, publisher) and the templates.
An unchanged one is hard-linked from the last published folder if it is there as it was left, or
else from the store, checked against its digest; a new or changed one is drawn or written.
"""

from __future__ import annotations

from pathlib import Path

from sitegen.incremental.reuse import Reuse
from sitegen.model.site import Site
from sitegen.outputs.writer import Linked
from sitegen.pages.feeds import Absolute, Feed, render_feed, site_epoch


def taken_cards(cards: dict[str, Path], reuse: Reuse) -> dict[str, Path | Linked]:
    """Site path -> the card's cache file, or the last build's file when it shows the same card."""
    found: dict[str, Path | Linked] = {}
    for path, cached in cards.items():
        relative = path.lstrip("/")
        reuse.now[relative] = f"card {cached.name}"
        source = reuse.source_of(relative)
        found[path] = Linked(source) if source is not None else cached
    return found


def feed_files(feeds: list[Feed], site: Site, absolute: Absolute, reuse: Reuse) -> dict[str, bytes | Linked]:
    """Site path -> the bytes of each feed's RSS and Atom file, or the last build's files if unchanged."""
    files: dict[str, bytes | Linked] = {}
    for feed in feeds:
        paths = (feed.rss_path, feed.atom_path)
        fingerprint = _fingerprint(feed, site, reuse)
        if fingerprint is not None:
            for path in paths:
                reuse.now[path.lstrip("/")] = fingerprint
            sources = [reuse.source_of(path.lstrip("/")) for path in paths]
            if all(source is not None for source in sources):
                files.update((path, Linked(source)) for path, source in zip(paths, sources, strict=True)
                             if source is not None)
                continue
            for path in paths:  # made again after all: what save_record keeps is read from the new files
                reuse.from_store.pop(path.lstrip("/"), None)
        files.update(render_feed(feed, site, absolute))
    return files


def _fingerprint(feed: Feed, site: Site, reuse: Reuse) -> str | None:
    if reuse.prints is None:
        return None
    return reuse.prints.of(("feed", feed, None if feed.pages else site_epoch(site)))
