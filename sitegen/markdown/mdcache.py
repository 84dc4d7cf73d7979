"""A persistent cache of pages' rendered Markdown, so an unchanged release is not converted again.

Converting Markdown is the largest single cost of a build. An entry is found by the page itself
(its body, front matter and place) within a *context*: sitegen's and Markdown's versions, the
config, and every template and interface string (shortcodes render through them). What else a
page's HTML depends on is the links and photos it resolved against the rest of the site; each
entry records those lookups with their answers, and is used only if every one still gets the same
answer. Pages showing data (charts, figures) or photos in their text are not cached: charts must be
registered for rendering, data may change, and so may a photo kept under its name. Entries live
in `.sitegen-cache/markdown/<context>/`, safe to delete; a new context removes older folders.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections import defaultdict
from dataclasses import dataclass, field, fields, replace
from importlib.metadata import version
from pathlib import Path

from sitegen import __version__
from sitegen.core.errors import SitegenError
from sitegen.core.files import write_whole
from sitegen.markdown.links import LinkResolver
from sitegen.model.site import Page
from sitegen.source.config import Config

CACHE_DIR = ".sitegen-cache/markdown"
Lookup = tuple[str, str, str]  # ("link", "image" or "ref", what the page wrote, what it became)


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

    def still_valid(self, page: Page, lookups: list[Lookup]) -> bool:
        """Whether each lookup a cached page made gets the same answer in this build."""
        for kind, written, result in lookups:
            resolve = {"link": LinkResolver.link, "image": LinkResolver.image}.get(kind, _ref_again)
            try:
                if resolve(self, page, written) != result:
                    return False
            except SitegenError:
                return False
        return True


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


Remembered = dict[Page, tuple[Page, list[Lookup]]]  # a parsed page -> converted, with its lookups


class MarkdownCache:
    """Entries of one context; `resolver` is the one to convert pages with, so lookups are noted.

    `remembered` is the memory of `sitegen serve` (memory.py): pages converted earlier in this
    process, found by the parsed page itself, so without computing a key; `links_unchanged` says
    that no page moved or appeared since, so their lookups need no checking either.
    """

    def __init__(self, site_dir: Path, context: str, resolver: LinkResolver, writable: bool = True,
                 remembered: Remembered | None = None, links_unchanged: bool = False) -> None:
        self.folder = site_dir / CACHE_DIR / context
        self.resolver = RecordingResolver.around(resolver)
        self.writable = writable  # `sitegen check` reads the cache but writes nothing
        self.remembered = remembered
        self.links_unchanged = links_unchanged
        self.hits = 0

    def lookup(self, page: Page) -> Page | None:
        """The page with its Markdown converted, from the cache, if nothing it depends on changed."""
        if self.remembered is not None and page in self.remembered:
            converted, lookups = self.remembered[page]
            if self.links_unchanged or self.resolver.still_valid(page, lookups):
                self.hits += 1
                return converted
        try:
            data = json.loads((self.folder / f"{_key(page)}.json").read_text(encoding="utf-8"))
            entry = Entry(data["content"], data["toc"], data["description"],
                          [tuple(item) for item in data["lookups"]])  # type: ignore[misc]
        except (OSError, ValueError, KeyError, TypeError):
            return None
        if not self.resolver.still_valid(page, entry.lookups):
            return None
        self.hits += 1
        converted = replace(page, content=entry.content, toc=entry.toc, description=entry.description)
        if self.remembered is not None:
            self.remembered[page] = (converted, entry.lookups)
        return converted

    def store(self, page: Page, converted: Page) -> list[Lookup]:
        """Keep a converted page, with the lookups it made (returned); on disk, not one that shows data."""
        lookups = self.resolver.lookups.pop(page.source, [])
        self.remember(page, converted, lookups)
        # Data may change under a page, and a photo's sizes under its unchanged name.
        if "data-dataset=" in converted.content or "<picture" in converted.content or not self.writable:
            return lookups
        if not self.folder.is_dir():
            self._start_folder()
        write_whole(self.folder / f"{_key(page)}.json",
                    json.dumps({"content": converted.content, "toc": converted.toc,
                                "description": converted.description, "lookups": lookups}).encode())
        return lookups

    def remember(self, page: Page, converted: Page, lookups: list[Lookup]) -> None:
        """Keep a converted page in the memory of `sitegen serve` (a worker's, in the main process)."""
        if self.remembered is not None:
            self.remembered[page] = (converted, lookups)

    def _start_folder(self) -> None:
        """A new context: the entries of older ones can never be used again."""
        for old in self.folder.parent.glob("*") if self.folder.parent.is_dir() else ():
            shutil.rmtree(old, ignore_errors=True)
        self.folder.mkdir(parents=True, exist_ok=True)


def _key(page: Page) -> str:
    """The page as the Markdown stage sees it: every field but the ones it fills in."""
    return hashlib.sha256(repr(replace(page, content="", toc="", description="", datasets=())).encode()).hexdigest()


def context_key(config: Config, folders: list[Path]) -> str:
    """Everything outside a page that its converted Markdown may depend on."""
    digest = hashlib.sha256()
    for part in (__version__, version("markdown"), version("pymdown-extensions"), config.model_dump_json()):
        digest.update(part.encode() + b"\0")
    for number, folder in enumerate(folders):  # names below each folder: a moved site (CI) keeps its cache
        for file in sorted(folder.rglob("*")) if folder.is_dir() else ():
            if file.is_file():
                name = f"{number}/{file.relative_to(folder).as_posix()}"
                digest.update(name.encode() + b"\0" + file.read_bytes() + b"\0")
    return digest.hexdigest()[:24]
