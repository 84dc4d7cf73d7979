"""`sitegen build`, as the pipeline reads: prepare (prepare.py), the files, publish (publish.py).

    options -> prepare() -> Prepared -> generated files, reuse record -> publish() -> BuildReport
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from sitegen.commands.check import build_warnings, stop_on_warnings
from sitegen.commands.prepare import BuildOptions, Log, Prepared, prepare
from sitegen.commands.preview import preview_files
from sitegen.commands.progress import NO_PROGRESS, Progress
from sitegen.commands.publish import Publication, publish
from sitegen.commands.uptodate import BuildReport, Start, begin, unchanged
from sitegen.core.codeversion import code_digest
from sitegen.core.collection import pause_collector, resume_collector
from sitegen.core.messages import tr, tr_later
from sitegen.incremental import nochange
from sitegen.incremental.generated import feed_files, taken_cards
from sitegen.incremental.guard import record_caches
from sitegen.incremental.memory import Memory
from sitegen.incremental.reuse import Reuse, load_record
from sitegen.incremental.tokens import Fingerprints, light_terms, page_token, shared_values
from sitegen.incremental.urlrecord import record_urls
from sitegen.model.site import Site
from sitegen.outputs.cards import draw_cards
from sitegen.outputs.packages import downloads
from sitegen.outputs.sitemap import redirects, robots, sitemaps
from sitegen.outputs.writer import Linked, output_file
from sitegen.pages.plan import Output
from sitegen.source.templates import TemplateEnvironment

if TYPE_CHECKING:  # vega.py (and the specs' models it uses) is loaded only for a site with charts (start-up)
    from sitegen.data.charts import ChartBook
    from sitegen.data.vega import ChartDrawing


def build(options: BuildOptions, log: Log = lambda _: None, progress: Progress | None = None,
          start: Start | None = None) -> BuildReport:
    """Prepare the site, render it, publish it (`progress`: what a terminal shows meanwhile, progress.py).

    `start`: the build as the command line began it and found something to build (uptodate.py);
    without it, begun here, and ended at once when nothing changed since the last build.
    """
    progress = progress or NO_PROGRESS
    if start is None:
        start = begin(options)
        if (unchanged_report := unchanged(start, options, log)) is not None:
            return unchanged_report
    started, output, site_dir, damaged, state = start.started, start.output, start.site_dir, start.damaged, start.state
    nochange.forget_build(site_dir)
    drawing, memory = None, Memory()  # the memory: every page parsed, the unpublished too (nochange.py)
    collecting = pause_collector()  # the build's objects live until it ends (core/collection.py)
    try:
        ready = prepare(options, log, memory)
        if options.strict:
            stop_on_warnings(ready)
        # The charts are drawn by worker processes from now on, while this one renders the pages;
        # publish() collects them last (vega.py).
        drawing = start_drawing(ready.book, site_dir, options.workers)
        reuse = reuse_record(ready, output)
        progress.step(tr_later("Charts, share cards, feeds and downloads"))
        files = generated_files(ready, options.preview, reuse, options.workers)
        written = publish(Publication(output, ready, files, reuse, options.workers, progress,
                                      partial(charts_drawn, drawing, progress)))
        record_caches(site_dir)
        record_urls(site_dir, ready.site)  # what `sitegen check` compares the next URLs with
    finally:
        resume_collector(collecting)
        if drawing is not None:
            drawing.stop()  # workers still drawing when the build stopped elsewhere
        progress.finish()  # the line cleared before any message is printed
    notices = ([tr("{count} file(s) in .sitegen-cache did not match what was kept (damaged or changed); they were "
                   "made again", count=damaged)] if damaged else []) + reuse.notices
    report = BuildReport(len(ready.outputs), written, time.perf_counter() - started, output, reuse.rendered,
                         tuple(notices), tuple(str(problem) for problem in build_warnings(ready)))
    if state is not None:
        with contextlib.suppress(OSError):  # the site is published; the record only saves the next build time
            nochange.record_build(site_dir, output, state, ready.now, memory.parsed.values(),
                                  nochange.LastBuild(report.pages, report.files, report.warnings))
    return report


def start_drawing(book: ChartBook, site_dir: Path, workers: int) -> ChartDrawing | None:
    """The charts' drawing begun (vega.py), or None when the site shows no chart."""
    if not book.views:
        return None
    from sitegen.data.vega import draw_charts

    return draw_charts(book.views.values(), site_dir, workers)


def charts_drawn(drawing: ChartDrawing | None, progress: Progress) -> dict[str, bytes]:
    """The charts' files, once their workers are done (said on the terminal meanwhile)."""
    progress.step(tr_later("Drawing charts"))
    return drawing.files() if drawing is not None else {}


def generated_files(ready: Prepared, preview: bool, reuse: Reuse, workers: int = 1) -> dict[str, bytes | Path | Linked]:
    """Site path -> bytes (or a cached file, or the last build's file) of everything that is not a page."""
    files: dict[str, bytes | Path | Linked] = {
        **taken_cards(draw_cards(ready.cards, ready.site_dir, workers), reuse),
        **feed_files(ready.feeds, ready.site, ready.env.absurl, reuse),
        **site_files(ready.env, ready.site, ready.outputs, ready.static),
        **dataset_downloads(ready.site, ready.env.absurl)}  # the charts come from build()'s drawing
    return files | preview_files() if preview else files


def reuse_record(ready: Prepared, output: Path) -> Reuse:
    """What the last build left in the output folder that this one may take as it is."""
    shared, pages, prints = fingerprints(ready)
    reuse = load_record(ready.site_dir, output, {output_file(o.path): f for o, f in pages if f}, shared)
    reuse.prints = prints  # for share cards and feeds (generated.py)
    return reuse


def fingerprints(ready: Prepared) -> tuple[str, list[tuple[Output, str | None]], Fingerprints]:
    """What every page shows, as a fingerprint, and each page with the fingerprint of what it is
    rendered from (None: render it every time)."""
    site, extras = ready.site, ready.extras
    light = light_terms(ready.env)
    shared = Fingerprints("").of((code_digest(), ready.context, shared_values(site, extras.feeds),
                                  extras.preview_now, light))
    assert shared is not None
    prints = Fingerprints(shared)
    return shared, [(o, prints.of(page_token(site, extras, o, light))) for o in ready.outputs], prints


def site_files(env: TemplateEnvironment, site: Site, outputs: list[Output], static: dict[str, Path]
               ) -> dict[str, bytes]:
    """Site path -> bytes of the sitemaps, robots.txt and _redirects (feeds: generated.py)."""
    files: dict[str, bytes] = dict(sitemaps(site.config, outputs, env.absurl))
    if "robots.txt" not in static:  # a site's own robots.txt wins
        files["/robots.txt"] = robots(env.absurl)
    if site.config.redirects_file and (moved := redirects(site, env.relurl)):
        files["/_redirects"] = moved
    return files


def data_files(site: Site, book: ChartBook, site_dir: Path, absolute: Callable[[str], str]) -> dict[str, bytes]:
    """Charts as SVG, PNG and spec, the script that draws them, and every dataset's downloads."""
    from sitegen.data.vega import render_charts

    return render_charts(book.views.values(), site_dir) | dataset_downloads(site, absolute)


def dataset_downloads(site: Site, absolute: Callable[[str], str]) -> dict[str, bytes]:
    """Every dataset's downloads (CSV, JSON, the descriptor)."""
    files: dict[str, bytes] = {}
    for dataset in site.datasets.values():
        files |= downloads(dataset, site.config, absolute)
    return files
