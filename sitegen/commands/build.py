"""`sitegen build`, as the pipeline reads: prepare (prepare.py), the files, publish (publish.py).

    options -> prepare() -> Prepared -> generated files, reuse record -> publish() -> BuildReport
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sitegen.commands.check import build_warnings, stop_on_warnings
from sitegen.commands.prepare import BuildOptions, Log, Prepared, prepare
from sitegen.commands.preview import preview_files
from sitegen.commands.progress import NO_PROGRESS, Progress
from sitegen.commands.publish import Publication, publish
from sitegen.core.messages import tr, tr_later
from sitegen.data.charts import ChartBook
from sitegen.data.vega import chart_script, render_charts
from sitegen.incremental.guard import check_caches, record_caches
from sitegen.incremental.reuse import Reuse, load_record, recorded_folder
from sitegen.incremental.tokens import Fingerprints, code_digest, light_terms, page_token, shared_values
from sitegen.incremental.urlrecord import record_urls
from sitegen.model.site import Site
from sitegen.outputs.cards import draw_cards
from sitegen.outputs.packages import downloads
from sitegen.outputs.sitemap import redirects, robots, sitemaps
from sitegen.outputs.writer import check_output_folder, output_file
from sitegen.pages.feeds import Feed, render_feed
from sitegen.pages.plan import Output
from sitegen.source.templates import TemplateEnvironment


@dataclass(frozen=True)
class BuildReport:
    pages: int
    files: int
    seconds: float
    output: Path
    rendered: int  # pages rendered; the others were unchanged, and taken from the last build (reuse.py)
    notices: tuple[str, ...] = ()  # what the user should know: a cache that could not be used, and why
    warnings: tuple[str, ...] = ()  # front matter keys that look like typos (check.py), shown but not stopping


def build(options: BuildOptions, log: Log = lambda _: None, progress: Progress | None = None) -> BuildReport:
    """Prepare the site, render it, publish it (`progress`: what a terminal shows meanwhile, progress.py)."""
    progress = progress or NO_PROGRESS
    started = time.perf_counter()
    output = output_folder(options)
    site_dir = options.site_dir.resolve()
    damaged = check_caches(site_dir)  # before any stage reads its cache (guard.py)
    try:
        ready = prepare(options, log)
        if options.strict:
            stop_on_warnings(ready)
        reuse = reuse_record(ready, output)
        progress.step(tr_later("Charts, share cards, feeds and downloads"))
        files = generated_files(ready, options.preview)
        written = publish(Publication(output, ready, files, reuse, options.workers, progress))
        record_caches(site_dir)
        record_urls(site_dir, ready.site)  # what `sitegen check` compares the next URLs with
    finally:
        progress.finish()  # the line cleared before any message is printed
    notices = ([tr("{count} file(s) in .sitegen-cache did not match what was kept (damaged or changed); they were "
                   "made again", count=damaged)] if damaged else []) + reuse.notices
    return BuildReport(len(ready.outputs), written, time.perf_counter() - started, output, reuse.rendered,
                       tuple(notices), tuple(str(problem) for problem in build_warnings(ready)))


def output_folder(options: BuildOptions) -> Path:
    """The folder to publish into, refused if replacing it would lose anything (writer.py)."""
    site_dir = options.site_dir.resolve()
    output = (options.output or site_dir / "public").resolve()
    check_output_folder(output, site_dir, recorded_folder(site_dir))
    return output


def generated_files(ready: Prepared, preview: bool) -> dict[str, bytes | Path]:
    """Site path -> bytes (or a cached file) of everything that is not a page."""
    files: dict[str, bytes | Path] = {
        **draw_cards(ready.cards, ready.site_dir),
        **site_files(ready.env, ready.site, ready.outputs, ready.feeds, ready.static),
        **data_files(ready.site, ready.book, ready.site_dir, ready.env.absurl)}
    return files | preview_files() if preview else files


def reuse_record(ready: Prepared, output: Path) -> Reuse:
    """What the last build left in the output folder that this one may take as it is."""
    shared, pages = fingerprints(ready)
    return load_record(ready.site_dir, output, {output_file(o.path): f for o, f in pages if f}, shared)


def fingerprints(ready: Prepared) -> tuple[str, list[tuple[Output, str | None]]]:
    """What every page shows, as a fingerprint, and each page with the fingerprint of what it is
    rendered from (None: render it every time)."""
    site, extras = ready.site, ready.extras
    light = light_terms(ready.env)
    shared = Fingerprints("").of((code_digest(), ready.context, shared_values(site, extras.feeds),
                                  extras.preview_now, light))
    assert shared is not None
    prints = Fingerprints(shared)
    return shared, [(o, prints.of(page_token(site, extras, o, light))) for o in ready.outputs]


def site_files(env: TemplateEnvironment, site: Site, outputs: list[Output], feeds: list[Feed],
               static: dict[str, Path]) -> dict[str, bytes]:
    """Site path -> bytes of everything that is not a page: feeds, sitemaps, robots.txt, _redirects."""
    files: dict[str, bytes] = {}
    for feed in feeds:
        files.update(render_feed(feed, site, env.absurl))
    files.update(sitemaps(site.config, outputs, env.absurl))
    if "robots.txt" not in static:  # a site's own robots.txt wins
        files["/robots.txt"] = robots(env.absurl)
    if site.config.redirects_file and (moved := redirects(site, env.relurl)):
        files["/_redirects"] = moved
    return files


def data_files(site: Site, book: ChartBook, site_dir: Path, absolute: Callable[[str], str]) -> dict[str, bytes]:
    """Charts as SVG, PNG and spec, the script that draws them, and every dataset's downloads."""
    files = render_charts(book.views.values(), site_dir)
    if book.views:
        files |= chart_script(site_dir)
    for dataset in site.datasets.values():
        files |= downloads(dataset, site.config, absolute)
    return files
