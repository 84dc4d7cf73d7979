"""A persistent cache of pages' rendered Markdown, so an unchanged release is not converted again.

Converting Markdown is the largest single cost of a build. An entry is found by the page itself
(its body, front matter and place) within a *context*: sitegen's and Markdown's versions, the
config, and every template and interface string (shortcodes render through them). What else a
page's HTML depends on is the links and photos it resolved against the rest of the site; each
entry records those lookups with their answers, and is used only if every one still gets the same
answer. A page showing data (charts, `stat` figures) records a fingerprint of each dataset it read
and the charts it registered: its entry is used only if every dataset is unchanged, and then its
charts are registered again, as converting it would have. A photo shown as a `<picture>` is a
lookup too (its sizes, which may change under its unchanged name), when the converter's photo
finder is the cache's `recording` one.

Entries live in pack files in `.sitegen-cache/markdown/` (core/packs.py: a few files rather than
one per page, which this kind of disk is slow to make), each checked against its digest: a damaged,
cut short or deleted pack, or one of another context, means converting again. Worker processes
convert and encode entries; the main process alone writes them, into one new pack per build. The
folder is safe to delete; a new context removes the packs of older ones.
"""

from __future__ import annotations

import copy
import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, field, fields
from functools import cached_property
from pathlib import Path
from typing import Any

from sitegen.core.codeversion import code_digest
from sitegen.core.errors import SitegenError
from sitegen.core.packs import Shelf
from sitegen.data.charts import ChartBook, ChartView
from sitegen.markdown.links import LinkResolver
from sitegen.model.digest import page_digest
from sitegen.model.site import Page
from sitegen.source.config import Config
from sitegen.source.images import Picture, PictureOf

CACHE_DIR = ".sitegen-cache/markdown"
Lookup = tuple[str, str, str]  # ("link", "image", "ref" or "picture", what the page wrote, what it became)


@dataclass(frozen=True)
class RecordingResolver(LinkResolver):
    """The link resolver, noting for each page which links and photos it resolved, and to what."""

    lookups: dict[str, list[Lookup]] = field(default_factory=lambda: defaultdict(list))

    @classmethod
    def around(cls, resolver: LinkResolver) -> RecordingResolver:
        return cls(**{f.name: getattr(resolver, f.name) for f in fields(LinkResolver)})

    def link(self, page: Page, href: str) -> str:
        result = super().link(page, href)
        self.lookups[page.source].append(("link", href, result))
        return result

    def image(self, page: Page, src: str) -> str:
        result = super().image(page, src)
        self.lookups[page.source].append(("image", src, result))
        return result

    def ref(self, page: Page, target: str, lang: str | None = None) -> str:
        result = super().ref(page, target, lang)
        self.lookups[page.source].append(("ref", f"{lang or page.lang} {target}", result))
        return result

    def still_valid(self, page: Page, lookups: list[Lookup], pictures: PictureOf | None = None,
                    only_pictures: bool = False) -> bool:
        """Whether each lookup a cached page made gets the same answer in this build (a photo's
        picture only with the photo finder `pictures`); `only_pictures` when the links were made
        against the same `state`, so give the same answers."""
        for kind, written, result in lookups:
            if kind == "picture":
                if pictures is None or _picture_again(pictures, page, written) != result:
                    return False
                continue
            if only_pictures:
                continue
            resolve = {"link": LinkResolver.link, "image": LinkResolver.image}.get(kind, _ref_again)
            try:
                if resolve(self, page, written) != result:
                    return False
            except SitegenError:
                return False
        return True

    @cached_property
    def state(self) -> str:
        """A digest of all that a link's, an image's or a ref's answer depends on besides the page that
        asks (which is in its entry's key): the site's files, where each page is published, and with
        which translations."""
        published = sorted((p.source, p.lang, p.path, p.translation_key) for p in self.published.values())
        parts = (sorted(self.all_sources), sorted(self.static_files), published, self.base_path, self.unsafe_html)
        return hashlib.sha256(repr(parts).encode("utf-8", "surrogatepass")).hexdigest()


def _picture_again(pictures: PictureOf, page: Page, written: str) -> str:
    """A recorded photo ("foto.jpg\n/berita/x/foto.jpg") found again, as recorded (its repr)."""
    src, _, url = written.partition("\n")
    try:
        return repr(pictures(page, src, url))
    except (SitegenError, OSError):  # gone or unreadable since: the page is converted again, and says so
        return ""


def _ref_again(resolver: LinkResolver, page: Page, written: str) -> str:
    """A recorded ref ("en news/a#x") resolved again."""
    lang, _, target = written.partition(" ")
    return LinkResolver.ref(resolver, page, target, lang)


@dataclass(frozen=True)
class Entry:
    content: str
    toc: str
    description: str
    lookups: list[Lookup]
    datasets: tuple[str, ...] = ()  # the datasets its figures and charts cite (Page.datasets)
    inputs: dict[str, str] = field(default_factory=dict)  # "dataset:<name>" -> its fingerprint
    charts: list[dict[str, Any]] = field(default_factory=list)  # the charts it registered (ChartView.to_dict)
    links: str = ""  # the RecordingResolver.state its links were resolved in

    @classmethod
    def decode(cls, payload: bytes) -> Entry:
        """The entry from its bytes (checked against their digest by the pack)."""
        data = json.loads(payload)
        return cls(data["content"], data["toc"], data["description"], [tuple(item) for item in data["lookups"]],
                   tuple(data["datasets"]), dict(data["inputs"]), list(data["charts"]), str(data["links"]))

    def encode(self) -> bytes:
        return json.dumps({"content": self.content, "toc": self.toc, "description": self.description,
                           "lookups": self.lookups, "datasets": self.datasets, "inputs": self.inputs,
                           "charts": self.charts, "links": self.links}, default=str).encode()


Remembered = dict[Page, tuple[Page, list[Lookup]]]  # a parsed page -> converted, with its lookups
ChartData = list[dict[str, Any]]  # the charts one page registered, as JSON values (ChartView.to_dict)
DATA_MARKS = ("data-dataset=",)  # in a page's HTML: it shows data, and is cached only with `book`
PICTURE_MARK = "<picture"  # a chart's layouts, or a photo: cached if photos are recorded (`recording`)
DAMAGED_ENTRY = (OSError, ValueError, KeyError, TypeError, AttributeError, IndexError, StopIteration)


class MarkdownCache:
    """Entries of one context; `resolver` is the one to convert pages with, so lookups are noted.

    `remembered` is the memory of `sitegen serve` (memory.py): pages converted earlier in this
    process, found by the parsed page itself, so without computing a key; `links_unchanged` says
    that no page moved or appeared since, so their lookups need no checking either. `book` is the
    build's charts: without it, pages that show data are not cached on disk.
    """

    def __init__(self, site_dir: Path, context: str, resolver: LinkResolver, writable: bool = True,
                 remembered: Remembered | None = None, links_unchanged: bool = False,
                 book: ChartBook | None = None) -> None:
        self.site_dir = site_dir
        self.shelf = Shelf(site_dir / CACHE_DIR, context, writable)
        self.resolver = RecordingResolver.around(resolver)
        self.writable = writable  # `sitegen check` reads the cache but writes nothing
        self.remembered = remembered
        self.links_unchanged = links_unchanged
        self.book = book
        if book is not None:
            book.shown.clear()  # what earlier builds of `sitegen serve` showed: nothing to keep
        self.hits = 0
        self._from_memory = 0  # pages found in `remembered`: their keys were not asked for on disk
        self._keys: dict[Page, str] = {}
        self._fingerprints: dict[str, str | None] = {}
        self._pictures: PictureOf | None = None

    def recording(self, pictures: PictureOf | None) -> PictureOf | None:
        """The photo finder, noting for each page which photos it showed, at which sizes: give it
        to everything that converts pages (the renderer, the figure shortcodes)."""
        if pictures is None:
            return None
        self._pictures = found = pictures

        def find(page: Page, written: str, url: str) -> Picture | None:
            picture = found(page, written, url)
            self.resolver.lookups[page.source].append(("picture", f"{written}\n{url}", repr(picture)))
            return picture
        return find

    def lookup(self, page: Page) -> Page | None:
        """The page with its Markdown converted, from the cache, if nothing it depends on changed;
        the charts it shows registered in the book again."""
        if self.remembered is not None and page in self.remembered:
            converted, lookups = self.remembered[page]
            if self.links_unchanged or self.resolver.still_valid(page, lookups, self._pictures):
                self.hits += 1
                self._from_memory += 1
                return converted
        self._keys[page] = key = _key(page)
        try:
            payload = self.shelf.get(key)
            if payload is None:
                return None
            entry = Entry.decode(payload)
            views = self._views(entry)
        except DAMAGED_ENTRY:
            return None
        same_links = entry.links == self.resolver.state  # then only photos may have changed under their names
        if views is None or not self.resolver.still_valid(page, entry.lookups, self._pictures, same_links):
            return None
        for view in views:
            self.book.register(view)  # type: ignore[union-attr]  # views only come with a book
        self.hits += 1
        converted = _filled(page, content=entry.content, toc=entry.toc, description=entry.description,
                            datasets=entry.datasets)
        if self.remembered is not None:
            self.remembered[page] = (converted, entry.lookups)
        return converted

    def _views(self, entry: Entry) -> list[ChartView] | None:
        """The entry's charts with this build's datasets; None if it read data that changed since."""
        if not entry.inputs and not entry.charts:
            return []
        if self.book is None or any(self._fingerprint(name) != value for name, value in entry.inputs.items()):
            return None
        return [ChartView.from_dict(chart, self.book.datasets) for chart in entry.charts]

    def start(self) -> None:
        """Before a page is converted: the charts registered from now on are the ones it shows."""
        if self.book is not None:
            self.book.shown.clear()

    def finish(self, page: Page, converted: Page) -> tuple[list[Lookup], ChartData, bytes | None]:
        """Just after a page is converted (in a worker, or in this process): the lookups it made, the charts
        it registered and its entry for the disk (for a worker to send back, and `store` to keep). None
        for a page with a photo, or one that read data not fingerprinted: those are not kept on disk."""
        lookups = self.resolver.lookups.pop(page.source, [])
        charts = self._shown_charts()
        if not self.writable or (PICTURE_MARK in converted.content and self._pictures is None):
            return lookups, charts, None
        inputs = self._inputs(converted, charts)
        if inputs is None:
            return lookups, charts, None
        entry = Entry(converted.content, converted.toc, converted.description, lookups, converted.datasets, inputs,
                      charts, self.resolver.state)
        return lookups, charts, entry.encode()

    @staticmethod
    def from_entry(page: Page, entry: bytes) -> Page:
        """The page as converting it made it, from the entry `finish` gave (what a worker sends back: the
        page itself would come with a copy of every field, its Markdown too)."""
        read = Entry.decode(entry)
        return _filled(page, content=read.content, toc=read.toc, description=read.description, datasets=read.datasets)

    def store(self, page: Page, converted: Page, lookups: list[Lookup], entry: bytes | None) -> None:
        """Keep a converted page (in the main process): in the memory of `sitegen serve`, and its entry in
        the build's new pack."""
        self.remember(page, converted, lookups)
        if entry is not None:
            self.shelf.put(self._keys.get(page) or _key(page), entry)

    def save(self) -> None:
        """After every page was looked up and converted: the new entries' pack written (once, here), and
        the packs rewritten if they grew (dropping the entries of pages no longer built, unless some pages
        came from memory without their keys)."""
        self.shelf.save(complete=self._from_memory == 0)

    def close(self) -> None:
        """The packs closed, and a pack begun but not saved removed."""
        self.shelf.close()

    def _shown_charts(self) -> ChartData:
        if self.book is None:
            return []
        return [self.book.views[key].to_dict() for key in dict.fromkeys(self.book.shown)]

    def _inputs(self, converted: Page, charts: ChartData) -> dict[str, str] | None:
        """The fingerprint of each dataset the page read, and of each hand-written Vega-Lite file its
        charts were drawn from (their origin, when not the descriptor); None if one cannot be had."""
        names = [*converted.datasets, *(chart["dataset"] for chart in charts)]
        if not names and not any(mark in converted.content for mark in DATA_MARKS):
            return {}
        inputs = {f"dataset:{name}": self._fingerprint(f"dataset:{name}") for name in dict.fromkeys(names)}
        descriptors = {dataset.descriptor_file for dataset in self.book.datasets.values()} if self.book else set()
        inputs |= {f"file:{chart['origin']}": self._fingerprint(f"file:{chart['origin']}")
                   for chart in charts if chart["origin"] not in descriptors}
        if self.book is None or not names or None in inputs.values():
            return None
        return inputs  # type: ignore[return-value]  # no None among them

    def _fingerprint(self, name: str) -> str | None:
        """The fingerprint of a dataset ("dataset:<name>") or a file of the site ("file:data/x.vl.json"),
        once per build; None if there is no such dataset or file."""
        if name not in self._fingerprints:
            kind, _, which = name.partition(":")
            found: str | None = None
            if kind == "dataset" and self.book is not None and which in self.book.datasets:
                found = self.book.datasets[which].digest
            elif kind == "file":
                try:  # a path the charts stage checked (charts.data_path_problem) before it read it
                    found = hashlib.sha256((self.site_dir / which).read_bytes()).hexdigest()
                except OSError:
                    found = None
            self._fingerprints[name] = found
        return self._fingerprints[name]

    def register(self, charts: ChartData) -> None:
        """Register, in this process's book, the charts a page showed when a worker converted it."""
        if self.book is not None:
            for chart in charts:
                self.book.register(ChartView.from_dict(chart, self.book.datasets))

    def remember(self, page: Page, converted: Page, lookups: list[Lookup]) -> None:
        """Keep a converted page in the memory of `sitegen serve` (a worker's, in the main process)."""
        if self.remembered is not None:
            self.remembered[page] = (converted, lookups)


FILLED_IN = frozenset(("content", "toc", "description", "datasets"))  # the fields converting gives a page


def _filled(page: Page, **converted: Any) -> Page:
    """`replace(page, **converted)` for the fields converting fills in (FILLED_IN), without replace's call of
    __init__ with each of the page's 40 fields (a fifth of a lookup): a Page has no __post_init__, and the one
    value it caches (is_article) depends on its kind alone."""
    new = copy.copy(page)
    new.__dict__.update(converted)
    return new


def _key(page: Page) -> str:
    """The page as the Markdown stage sees it: every field but the ones it fills in."""
    return page_digest(page, FILLED_IN)


def context_key(config: Config, folders: list[Path]) -> str:
    """Everything outside a page that its converted Markdown may depend on."""
    digest = hashlib.sha256()
    for part in (code_digest(), config.model_dump_json()):  # code_digest: Markdown's versions too
        digest.update(part.encode() + b"\0")
    for number, folder in enumerate(folders):  # names below each folder: a moved site (CI) keeps its cache
        for file in sorted(folder.rglob("*")) if folder.is_dir() else ():
            if file.is_file():
                name = f"{number}/{file.relative_to(folder).as_posix()}"
                digest.update(name.encode() + b"\0" + file.read_bytes() + b"\0")
    return digest.hexdigest()[:24]
