"""Incremental builds for `sitegen serve`: after a save, render and write only what changed.

A `Session` keeps a `Memory` (memory.py) and, for every output of its last build, a *token*:
the values it was made from. A page's token is its planned `Output` (its template, its values:
pages compared by identity, lists, pagers) with what its <head> adds (share image, lead photo,
translations, cited datasets) and what every page shows (templates, config, sections, feeds).
Since the memory hands back unchanged pages as the same objects, an edited release changes the
tokens of exactly the outputs that show it: its page, its translation's (switcher, JSON-LD),
its neighbours' (previous/next, related), and the lists, archives, taxonomy pages and feeds it
appears on. Only those are rendered; of what they make, only files whose bytes changed are
written, each replaced whole, after every page rendered (a failure writes nothing). Files no
longer made are deleted. The search index is rebuilt on a thread after the pages are written,
and swapped in when done.
"""

from __future__ import annotations

import gc
import hashlib
import os
import shutil
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sitegen.commands.build import BuildReport, data_files, site_files
from sitegen.commands.prepare import BuildOptions, Prepared, prepare
from sitegen.commands.preview import preview_files, with_preview_script
from sitegen.commands.publish import copy_resources, copy_static, index_runs
from sitegen.core.errors import Problem, SitegenError
from sitegen.core.messages import tr
from sitegen.core.paths import output_target
from sitegen.incremental.memory import Memory
from sitegen.incremental.tokens import light_terms, page_token, shared_token
from sitegen.outputs import search
from sitegen.outputs.cards import draw_cards
from sitegen.outputs.writer import output_file
from sitegen.pages.feeds import render_feed
from sitegen.pages.plan import Output
from sitegen.pages.render import render

Made = dict[str, "bytes | Path"]  # file below the output folder -> its bytes, or a file to copy


@dataclass(slots=True)  # tens of thousands per build: not frozen, whose __init__ is slower
class Job:
    """Something to publish, with the token of what it is made from; equal tokens, same files."""

    key: str
    token: Any
    origin: str  # for messages: what the files come from
    make: Callable[[], Made]
    page: bool = False  # a rendered page (counted for the report)
    always: bool = False  # made and written at every build (the preview's status, which a failure rewrote)


class Collector:
    """A writer that keeps what it is given, for the build's helpers that write through one."""

    def __init__(self) -> None:
        self.files: Made = {}

    def write(self, relative: str, data: str | bytes, origin: str) -> None:
        self.files[relative] = data.encode("utf-8") if isinstance(data, str) else data

    def copy(self, relative: str, source: Path, origin: str) -> None:
        self.files[relative] = source


@dataclass
class Done:
    token: Any
    origin: str
    digests: dict[str, str]  # file -> digest of its bytes ("" for a copied file)


class Session:
    """Builds the preview again and again, each time doing only what the changes call for."""

    def __init__(self, options: BuildOptions, echo: Callable[[str], None] = print) -> None:
        self.options = options
        self.output = (options.output or options.site_dir / "public").resolve()
        self.memory = Memory()
        self.done: dict[str, Done] = {}
        self.search = SearchRefresh(self.output, echo)
        self.rendered: list[str] = []  # site paths of the pages the last build rendered
        self.written: list[str] = []  # files the last build wrote or deleted
        self.unsettled: set[Path] = set()  # changed files no build has succeeded with yet
        self.owner: dict[str, str] = {}  # file below the output -> the key of the job that makes it
        self.digests: dict[str, str] = {}  # file below the output -> digest of the bytes it holds

    def forget(self) -> None:
        """Start again from nothing at the next build (after a failure that was sitegen's own)."""
        self.memory = Memory()
        self.done, self.owner, self.digests = {}, {}, {}

    def build(self, changed: Iterable[Path] | None = None) -> BuildReport:
        """Build after these changes (None: as if everything changed); raise on the site's mistakes."""
        # The cycle collector would walk the whole remembered site several times per build, for
        # nothing: a build makes little cyclic garbage. `collect` runs it once, after the reload.
        gc.disable()
        try:
            return self._build(changed)
        finally:
            gc.enable()

    def collect(self) -> None:
        """Collect a build's garbage, then set what remains aside from later collections."""
        gc.collect()
        gc.freeze()

    def _build(self, changed: Iterable[Path] | None) -> BuildReport:
        started = time.perf_counter()
        if changed is None:
            self.memory = Memory()
        else:  # with those of a failed build: they are read again until a build succeeds
            self.unsettled |= set(changed)
            self.memory.changed(self.options.site_dir.resolve(), self.unsettled)
        ready = prepare(self.options, memory=self.memory)
        jobs = self._jobs(ready)
        stale = [job for job in jobs
                 if job.always or job.key not in self.done or self.done[job.key].token != job.token]
        made = {job.key: job.make() for job in stale}  # everything made before anything is written
        self.rendered = [job.key for job in stale if job.page]
        self._publish(jobs, made)
        self.unsettled = set()
        if ready.site.config.search and (self.search.never_ran or any(
                job.page and job.origin.endswith(".md") for job in stale)):
            self.search.request(index_runs(ready.site, ready.outputs))
        return BuildReport(len(ready.outputs), len(self.written), time.perf_counter() - started, self.output,
                           len(self.rendered))

    def _jobs(self, ready: Prepared) -> list[Job]:
        site, extras = ready.site, ready.extras
        shared = shared_token(ready.env, site, extras.feeds)
        light = self.memory.once("light terms", lambda: light_terms(ready.env))
        jobs = [Job(f"page {o.path}", (shared, *page_token(site, extras, o, light)), o.origin,
                    lambda o=o: {output_file(o.path): self._render(ready, o)}, page=True)
                for o in ready.outputs]
        jobs += [Job(f"feed {f.lang} {f.base}", (shared, f), f"feed {f.base}",
                     lambda f=f: {p.lstrip("/"): data for p, data in render_feed(f, site, ready.env.absurl)})
                 for f in ready.feeds]
        jobs += [Job(f"card {c.path}", c, c.path, lambda c=c: _relative(draw_cards([c], ready.site_dir)))
                 for c in ready.cards]
        listed = tuple((o.path, o.lastmod, tuple(o.translations.items())) for o in ready.outputs if o.indexable)
        jobs.append(Job("sitemaps and robots.txt", (shared, ready.static.keys(), listed), "sitemaps",
                        lambda: _relative(site_files(ready.env, site, ready.outputs, ready.static))))
        jobs += [Job(f"file {path}", None, f"generated {path}", lambda p=path, d=data: {p.lstrip("/"): d},
                     always=True) for path, data in preview_files().items()]
        jobs.append(Job("data", (ready.book, tuple(ready.book.views), tuple(site.datasets.values())), "data/",
                        lambda: _relative(data_files(site, ready.book, ready.site_dir, ready.env.absurl))))
        jobs += [Job(f"static {relative}", _stat(source), f"static/{relative}",
                     lambda r=relative, s=source: _collect(copy_static, ready.site_dir, r, s))
                 for relative, source in ready.static.items()]
        jobs += [Job(f"resources {page.source}", (page.path, *map(_stat, _resource_files(ready, page))), page.source,
                     lambda p=page: _collect(copy_resources, ready.site_dir, p))
                 for page in site.by_source.values() if page.bundle_dir is not None and page.resources]
        return jobs

    def _render(self, ready: Prepared, output: Output) -> bytes:
        html = render(ready.env, ready.site, output, ready.extras)
        if ready.extras.preview_now is not None:
            html = with_preview_script(html)
        return html.encode("utf-8")

    def _publish(self, jobs: list[Job], made: dict[str, Made]) -> None:
        """Write what changed, delete what is no longer made, remember what each job made.

        Who makes which file is kept from build to build and updated for the jobs that were
        made again or are gone, so that a save costs no walk over every file of the site.
        """
        current = {job.key for job in jobs}
        redone = [*made, *(key for key in self.done if key not in current)]
        owner = dict(self.owner)
        released = set()
        for key in redone:
            for relative in self.done[key].digests if key in self.done else ():
                if owner.get(relative) == key:
                    del owner[relative]
                    released.add(relative)
        origins = {job.key: job.origin for job in jobs}
        for key, files in made.items():
            for relative in files:
                first = owner.setdefault(relative, key)
                if first != key:
                    raise SitegenError([Problem(origins[key], None, tr("would write {relative}, which {other} "
                                                                       "writes too; change one of their URLs",
                                                                       relative=relative, other=origins[first]))])
        if not self.done:  # the first build: start from an empty folder
            shutil.rmtree(self.output, ignore_errors=True)
        self.output.mkdir(parents=True, exist_ok=True)
        self.written = []
        for job in jobs:
            if job.key in made:
                self._write(job, made[job.key])
        for key in redone:
            if key not in current:
                del self.done[key]
        for relative in released - set(owner):
            _remove(self.output, relative)
            self.digests.pop(relative, None)
            self.written.append(relative)
        self.owner = owner

    def _write(self, job: Job, files: Made) -> None:
        """A job's files, those whose bytes changed (or that are missing) replaced whole."""
        digests = {}
        for relative, data in files.items():
            try:  # the last guard: the checks where the path came from give the user's message first
                target = output_target(self.output, relative)
            except ValueError:
                raise SitegenError([Problem(job.origin, None, tr("would write {relative} outside the output folder; "
                                                                 'an output path may not hold ".." or a control '
                                                                 "character", relative=repr(relative)))
                                    ]) from None
            digests[relative] = digest = _digest(data)
            changed = not digest or self.digests.get(relative) != digest or not target.exists()
            if changed or job.always:
                _replace(target, data)
                if not job.always:  # the preview's own files are not news
                    self.written.append(relative)
            self.digests[relative] = digest
        self.done[job.key] = Done(job.token, job.origin, digests)


def _relative(files: Mapping[str, bytes | Path]) -> Made:
    return {path.lstrip("/"): data for path, data in files.items()}


def _collect(write: Callable[..., None], *arguments: Any) -> Made:
    collector = Collector()
    write(collector, *arguments)
    return collector.files


def _resource_files(ready: Prepared, page: Any) -> list[Path]:
    return [ready.site_dir / page.bundle_dir / resource for resource in page.resources]


def _stat(file: Path) -> tuple[str, int, int]:
    try:
        status = file.stat()
    except OSError:
        return (str(file), -1, -1)
    return (str(file), status.st_mtime_ns, status.st_size)


def _digest(data: bytes | Path) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest() if isinstance(data, bytes) else ""


def _replace(target: Path, data: bytes | Path) -> None:
    """A file replaced whole: a reader gets the old version or the new one, never half of one."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    if isinstance(data, bytes):
        temporary.write_bytes(data)
    else:
        shutil.copyfile(data, temporary)
    temporary.replace(target)


def _remove(root: Path, relative: str) -> None:
    """A file no longer made, and the folders it leaves empty."""
    try:
        file = output_target(root, relative)
    except ValueError:
        return  # never written: `_write` refuses such a path
    file.unlink(missing_ok=True)
    for folder in file.parents:
        if folder == root or not folder.is_relative_to(root):
            break
        try:
            folder.rmdir()
        except OSError:
            break  # not empty


class SearchRefresh:
    """Pagefind over the preview on a thread, into a folder beside it, swapped in when done.

    A request while a run is going is kept, and run after it: the index ends up matching the
    last build, however many saves came in between.
    """

    def __init__(self, output: Path, echo: Callable[[str], None]) -> None:
        self.output = output
        self.echo = echo
        self.never_ran = True
        self._wanted: list[tuple[str, str, str]] | None = None
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def request(self, runs: list[tuple[str, str, str]]) -> None:
        self.never_ran = False
        with self._lock:
            self._wanted = runs
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._loop, name="sitegen-search", daemon=True)
                self._thread.start()

    def wait(self) -> None:
        """Until the index matches the last request (tests, benchmarks)."""
        while (thread := self._thread) is not None and thread.is_alive():
            thread.join()

    def _loop(self) -> None:
        while True:
            with self._lock:
                runs, self._wanted = self._wanted, None
                if runs is None:
                    return
            try:
                self._index(runs)
            except SitegenError as error:
                for problem in error.problems:
                    self.echo(tr("Search index not updated: {problem}", problem=problem))

    def _index(self, runs: list[tuple[str, str, str]]) -> None:
        fresh = self.output.with_name(f".{self.output.name}.search-{os.getpid()}")
        shutil.rmtree(fresh, ignore_errors=True)
        indexer = search.Indexer(self.output, bundles_in=fresh, low_priority=True)  # the next save comes first
        try:
            for run in runs:
                indexer.start(*run)
            indexer.wait()
        finally:
            indexer.stop()
        for _, prefix, _ in runs:
            bundle = search.bundle_path(prefix).strip("/")
            live, retired = self.output / bundle, self.output / f"{bundle}.old"
            if live.exists():
                live.rename(retired)
            (fresh / bundle).rename(live)
            shutil.rmtree(retired, ignore_errors=True)
        shutil.rmtree(fresh, ignore_errors=True)
