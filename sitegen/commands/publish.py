"""The last step of a build: every page rendered and every file copied into staging, then published.

The writer (outputs/writer.py) publishes the staging folder only when all of it succeeded: the
changed files moved into the last build's folder (outputs/inplace.py), or the whole folder swapped
in. Pages whose fingerprint did not change since the last build are taken from it, not rendered.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from sitegen.commands.prepare import Prepared
from sitegen.commands.preview import with_preview_script
from sitegen.commands.progress import NO_PROGRESS, Progress, TerminalProgress
from sitegen.core.errors import Problem, SitegenError, raise_if_any
from sitegen.core.messages import tr_later
from sitegen.core.workers import forks, in_workers
from sitegen.incremental.reuse import Reuse, forget_record, save_record, search_fingerprint
from sitegen.model.site import Page, Site
from sitegen.outputs import search
from sitegen.outputs.writer import Linked, Writer, output_file
from sitegen.pages.plan import Output
from sitegen.pages.render import render
from sitegen.source.images import cleaned, is_photo, variants
from sitegen.source.theme import STATIC_DIR


@dataclass(frozen=True)
class Publication:
    """What one build publishes, and where."""

    output: Path  # the output folder, resolved
    ready: Prepared
    files: dict[str, bytes | Path | Linked]  # site path -> bytes (a cached file, the last build's) of all but pages
    reuse: Reuse  # what the last build left that is still good
    workers: int
    progress: Progress = NO_PROGRESS  # what the terminal shows of it (progress.py)
    # Files still being made while the pages render (the charts, vega.py), asked for after them.
    later: Callable[[], dict[str, bytes]] = dict


def publish(job: Publication) -> int:
    """Render every page and copy every file into staging, index it, then publish it; the file count.

    Releases and pages come first, so that Pagefind can index them while the lists render.
    Pages whose fingerprint is unchanged are taken from the last build (reuse.py).
    """
    output, ready, files, workers, reuse = job.output, job.ready, job.files, job.workers, job.reuse
    progress = job.progress
    site = ready.site
    indexed, listed = [], []
    for o in ready.outputs:
        (indexed if searched(site, o) else listed).append(o)
    part_prints: dict[str, str | None] = {}  # search bundle -> the fingerprint of the pages it covers
    with Writer(output, in_place=reuse.in_place) as writer:
        indexer = search.Indexer(writer.staging)
        try:
            write_pages(writer, ready, indexed, workers, reuse, progress, tr_later("Rendering releases and pages"))
            for lang, parts in index_parts(site, indexed).items():
                writer.write(*search.parts_file(parts), f"the search index of {lang}")
                for part in parts:
                    part_prints[part.bundle] = search_fingerprint({file: reuse.indexed_now.get(file)
                                                                   for file in part.files})
                    if not take_part(writer, reuse, part.bundle, part_prints[part.bundle]):
                        for file in part.files:  # Pagefind reads the part's pages in staging
                            writer.mirror(file)
                        indexer.start(lang, site.config.prefix(lang), part.glob, part.bundle)
            write_pages(writer, ready, listed, workers, reuse, progress, tr_later("Rendering lists and archives"))
            for path, data in (files | job.later()).items():
                writer.write(path.lstrip("/"), data, f"generated {path}")
            for number, (relative, source) in enumerate(ready.static.items(), 1):
                progress.step(tr_later("Static files and photos"), number, len(ready.static))
                copy_static(writer, ready.site_dir, relative, source)
            for number, page in enumerate(site.by_source.values(), 1):
                progress.step(tr_later("Photos and files of releases"), number, len(site.by_source))
                copy_resources(writer, ready.site_dir, page)
            if indexer.runs:
                progress.step(tr_later("Search index"))
            indexer.wait()
        finally:
            indexer.stop()
        progress.step(tr_later("Publishing"))
        forget_record(ready.site_dir)  # from here until save_record, no build takes the folder for whole
        count = writer.publish()
    save_record(ready.site_dir, reuse, part_prints)
    reuse.damage_notice()
    return count


def take_part(writer: Writer, reuse: Reuse, bundle: str, fingerprint: str | None) -> bool:
    """Whether a search part indexes the same as the last build's, and is taken from it: left where
    it is when publishing in place (or, if it was changed there, from the store, checked), else
    linked from the last folder or the store."""
    if not reuse.search_unchanged(bundle, fingerprint):
        return False
    if not writer.in_place:
        return reuse.take_bundle(bundle, writer.staging)
    if reuse.bundle_in_place(bundle):
        writer.keep_bundle(bundle, reuse.bundles_before[bundle])
        return True
    return reuse.take_stored(bundle, writer.staging)


def index_parts(site: Site, outputs: Sequence[Output]) -> dict[str, list[search.Part]]:
    """Each language's search index in parts (search.py): a part per year (or quarter) of releases,
    one for pages."""
    found = {}
    for lang in site.config.language_codes:
        pages = [(output_file(o.path), _month(o)) for o in outputs
                 if o.lang == lang and o.template in search.INDEXED_TEMPLATES]
        if pages:
            found[lang] = search.parts(lang, site.config.prefix(lang), pages)
    return found


def _month(output: Output) -> tuple[int, int] | None:
    """A release's year and month (its search part, search.parts); None for other pages."""
    page = output.context.get("page")
    if output.template != "single.html" or page is None or not page.date:
        return None
    return page.date.year, page.date.month


def write_pages(writer: Writer, ready: Prepared, outputs: list[Output], workers: int, reuse: Reuse,
                progress: Progress = NO_PROGRESS, label: str = "Rendering pages") -> int:
    """Pages into the staging folder: rendered (in worker processes when they are many, workers.py)
    or, if unchanged, linked from the last build; how many were rendered."""
    env, site, extras = ready.env, ready.site, ready.extras

    def render_one(output: Output) -> tuple[list[Problem], str | None]:
        """A page written, and the digest of what Pagefind reads of it if it is searched."""
        try:
            html = render(env, site, output, extras)
            if extras.preview_now is not None:
                html = with_preview_script(html)
            writer.put(output_file(output.path), html)  # in a worker: its problems go back as values
        except SitegenError as error:
            return error.problems, None
        return [], search.indexed_digest(html) if searched(site, output) else None

    taken = {id(o): source for o in outputs if (source := taken_from(reuse, output_file(o.path))) is not None}
    fresh = [o for o in outputs if id(o) not in taken]
    if forks(len(fresh), workers):  # compiled once here, not in every worker (templates.py)
        env.compile_all()
    outcomes: dict[int, tuple[list[Problem], str | None]] = {}
    for part in in_parts(fresh, progress):
        progress.step(label, len(outcomes), len(fresh))
        outcomes |= dict(zip(map(id, part), in_workers(render_one, part, workers), strict=True))
    progress.step(label, len(outcomes), len(fresh))
    for output in outputs:  # claimed in order, so that a clash is told as a build in one process tells it
        relative = output_file(output.path)
        if id(output) in outcomes:
            problems, indexed = outcomes[id(output)]
            raise_if_any(problems)  # the first page that failed
            writer.claim(relative, output.origin)
        else:
            writer.link(relative, taken[id(output)], output.origin)
            indexed = None
            if searched(site, output):  # from the record, or, for a record from before digests were kept, the file
                indexed = reuse.indexed_before.get(relative) or search.indexed_digest(
                    taken[id(output)].read_text(encoding="utf-8", errors="replace"))
        if indexed is not None:
            reuse.indexed_now[relative] = indexed
    reuse.rendered += len(fresh)
    return len(fresh)


def searched(site: Site, output: Output) -> bool:
    """Whether Pagefind indexes a page."""
    return site.config.search and output.template in search.INDEXED_TEMPLATES


PART = 1000  # pages per round of workers when a terminal shows the count (each round forks anew)


def in_parts(outputs: list[Output], progress: Progress) -> list[list[Output]]:
    """The pages to render in one round, or in rounds of `PART` whose count a terminal shows."""
    if not isinstance(progress, TerminalProgress) or len(outputs) <= 2 * PART:
        return [outputs] if outputs else []
    return [outputs[start:start + PART] for start in range(0, len(outputs), PART)]


def taken_from(reuse: Reuse, relative: str) -> Path | None:
    """Where an unchanged page's file is: the last published folder, or else the store; None: render it."""
    return reuse.source_of(relative)


def index_runs(site: Site, outputs: Sequence[Output]) -> list[tuple[str, str, str]]:
    """(language, prefix, glob) for each language with pages to search, from the pages to index."""
    runs = []
    for lang in site.config.language_codes:
        prefix = site.config.prefix(lang)
        glob = search.glob_for(prefix, [o.path for o in outputs
                                        if o.lang == lang and o.template in search.INDEXED_TEMPLATES])
        if glob is not None:
            runs.append((lang, prefix, glob))
    return runs


def copy_static(writer: Writer, site_dir: Path, relative: str, source: Path) -> None:
    """A static file as it is; the site's own photos without metadata and in more sizes (not the theme's)."""
    origin = f"{STATIC_DIR}/{relative}"
    if is_photo(relative) and source.is_relative_to(site_dir / STATIC_DIR):
        _write_photo(writer, site_dir, relative, source, origin)
    else:
        writer.copy(relative, source, origin)


def _write_photo(writer: Writer, site_dir: Path, relative: str, source: Path, origin: str) -> None:
    """A photo upright and without metadata, and beside it its smaller sizes and WebP versions."""
    writer.write(relative, cleaned(source, site_dir, origin), origin)
    folder = relative.rsplit("/", 1)[0] + "/" if "/" in relative else ""
    for name, data in variants(source, site_dir, origin).items():
        writer.write(folder + name, data, origin)


def copy_resources(writer: Writer, site_dir: Path, page: Page) -> None:
    """A bundle's photos and files go beside its page, in every language's URL."""
    if page.bundle_dir is None:
        return
    folder = page.path.lstrip("/")
    for resource in page.resources:
        if not page.build.publish_resources and resource != page.image and resource not in page.content:
            continue  # `build: {publishResources: false}`: only the files its text or front matter uses, as Hugo
        source, origin = site_dir / page.bundle_dir / resource, f"{page.bundle_dir}/{resource}"
        if is_photo(resource):  # upright, without the GPS position a phone wrote into it, in more sizes
            _write_photo(writer, site_dir, folder + resource, source, origin)
        else:
            writer.copy(folder + resource, source, origin)
