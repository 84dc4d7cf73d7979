"""What one build keeps for the next in the same process (`sitegen serve`), so a save costs little.

A build that remembers nothing is the plain build. `sitegen serve` keeps one `Memory` for as
long as it runs and tells it what changed on disk; the memory then forgets exactly what depends
on it. Whatever it still remembers it hands back as *the same objects*: an unchanged release is
the same `Page` (pages compare by identity), so the later stages can tell what changed by
comparing what they are given with what they were given last time, and redo only that.

What depends on what:
- a Markdown file: that file, read again, parsed and converted again (session.py then re-renders
  every output whose values changed: its page, its translation, lists, feeds, taxonomy pages);
- a file in a bundle beside the Markdown: the bundle's pages, read again;
- `data/`: datasets, charts, and the pages that show data;
- `static/`: the static files, and the pages that show photos;
- anything else (the config, templates, themes, interface strings): everything.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from sitegen.data.tables import TABLE_SUFFIXES
from sitegen.markdown.mdcache import Lookup
from sitegen.model.site import Page
from sitegen.source.config import Config
from sitegen.source.content import CONTENT_DIR, SourceFile, read_sources, reread_sources

T = TypeVar("T")

# The kinds of change, from the top folder of a changed file (below the site's root).
CONTENT, DATA, STATIC, NOTHING, EVERYTHING = "content", "data", "static", "nothing", "everything"
KIND_OF_FOLDER = {CONTENT_DIR: CONTENT, "data": DATA, "static": STATIC, "archetypes": NOTHING}


def kind_of_change(site_dir: Path, changed: Path) -> str:
    """Which part of the site a changed file belongs to (see the module's notes)."""
    try:
        top = changed.resolve().relative_to(site_dir.resolve()).parts[0]
    except (ValueError, IndexError):
        return EVERYTHING
    return KIND_OF_FOLDER.get(top, EVERYTHING)


@dataclass
class Memory:
    """Results of earlier stages, each kept until something it depends on changes."""

    stages: dict[str, Any] = field(default_factory=dict)  # whole-site results, by name
    sources: dict[str, SourceFile] | None = None  # site path -> the file as last read
    unread: set[Path] = field(default_factory=set)  # content files changed since they were read
    parsed: dict[SourceFile, Page] = field(default_factory=dict)  # a source -> its page, before Markdown
    converted: dict[Page, tuple[Page, list[Lookup]]] = field(default_factory=dict)  # -> after it
    per_page: dict[tuple[str, Page], Any] = field(default_factory=dict)  # (what, page) -> a photo's size
    link_state: Any = None  # what Markdown links resolved against, last time
    plans: dict[Any, Any] = field(default_factory=dict)  # what plan() keeps: related releases

    def once(self, name: str, compute: Callable[[], T]) -> T:
        """A whole-site result: computed on the first build and after what it depends on changed."""
        if name not in self.stages:
            self.stages[name] = compute()
        return self.stages[name]

    def of_page(self, what: str, page: Page, compute: Callable[[], T]) -> T:
        key = (what, page)
        if key not in self.per_page:
            self.per_page[key] = compute()
        return self.per_page[key]

    def read(self, site_dir: Path, config: Config) -> list[SourceFile]:
        """The content files: all of them the first time, afterwards only those that changed."""
        if self.sources is None:
            self.sources = {s.path: s for s in read_sources(site_dir, config)}
        elif self.unread:
            self.sources = reread_sources(site_dir, config, self.sources, self.unread)
        self.unread = set()
        return sorted(self.sources.values(), key=lambda s: s.path)

    def changed(self, site_dir: Path, files: Iterable[Path]) -> set[str]:
        """Forget what depends on these files; the kinds of change they were."""
        files = list(files)
        kinds = {kind_of_change(site_dir, file) for file in files}
        if EVERYTHING in kinds:
            self.__init__()  # type: ignore[misc]  # start again; the caches on disk still help
            return kinds
        if CONTENT in kinds:
            content = {f for f in files if kind_of_change(site_dir, f) == CONTENT}
            self.unread |= content
            if any(f.suffix != ".md" for f in content):  # a photo in a bundle: its page reads the same
                self._forget_pages_showing("<picture")
                self.per_page.clear()
            if any(f.suffix.lower() in TABLE_SUFFIXES for f in content):  # a release's own dataset (datasets.py)
                kinds.add(DATA)
        if DATA in kinds:
            self._forget("datasets", "views", "data files")
            self._forget_pages_showing("data-dataset=")
        if STATIC in kinds:
            self._forget("static")
            self._forget_pages_showing("<picture")
            self.per_page.clear()  # a page's lead photo may be a static one
        return kinds

    SLACK = 500  # entries of pages that are gone, kept until there are this many (a sweep costs 0.1 s)

    def keep_only(self, sources: list[SourceFile], parsed: list[Page], pages: tuple[Page, ...]) -> None:
        """Drop what belongs to files and pages that are gone, so the memory does not grow."""
        if (len(self.parsed) < len(sources) + self.SLACK and len(self.converted) < len(parsed) + self.SLACK
                and len(self.per_page) < 2 * len(pages) + self.SLACK):
            return
        current, placed, live = set(sources), set(parsed), set(pages)
        self.parsed = {s: p for s, p in self.parsed.items() if s in current}
        self.converted = {p: c for p, c in self.converted.items() if p in placed}
        self.per_page = {k: v for k, v in self.per_page.items() if k[1] in live}

    def _forget(self, *names: str) -> None:
        for name in names:
            self.stages.pop(name, None)

    def _forget_pages_showing(self, marker: str) -> None:
        self.converted = {p: c for p, c in self.converted.items() if marker not in c[0].content}
