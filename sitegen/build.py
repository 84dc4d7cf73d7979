"""The build, as a list of steps: config, theme, content, data, model, Markdown, pages, publish."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sitegen import search
from sitegen.charts import ChartBook
from sitegen.config import Config, load_config
from sitegen.content import SourceFile
from sitegen.datasets import Dataset, load_datasets
from sitegen.errors import Problem, SitegenError, raise_if_any
from sitegen.feeds import Feed, plan_feeds, render_feed
from sitegen.figures import Figures, dataset_views
from sitegen.head import Extras
from sitegen.i18n import I18N_DIR, check_patterns, load_strings
from sitegen.images import Picture, PictureOf, cleaned, is_photo, picture_finder, variants
from sitegen.links import LinkResolver
from sitegen.markdown import render_pages
from sitegen.mdcache import MarkdownCache, context_key
from sitegen.memory import Memory
from sitegen.model import Page, PublishOptions, Site, assemble_site, group_translations, place_pages
from sitegen.packages import downloads
from sitegen.plan import Output, plan
from sitegen.preview import preview_files, with_preview_script
from sitegen.render import render
from sitegen.reuse import Reuse, forget_record, link_tree, load_record, recorded_folder, save_record, search_fingerprint
from sitegen.shortcodes import builtin_handlers
from sitegen.sitemap import redirects, robots, sitemaps
from sitegen.social import Card, draw_cards, plan_images
from sitegen.templates import TemplateEnvironment
from sitegen.theme import STATIC_DIR, find_theme, static_files
from sitegen.tokens import Fingerprints, code_digest, light_terms, page_token, shared_values
from sitegen.vega import chart_script, render_charts
from sitegen.workers import default_workers, in_workers
from sitegen.writer import Writer, check_output_folder, output_file


@dataclass(frozen=True)
class BuildOptions:
    site_dir: Path
    output: Path | None = None  # default: <site>/public
    drafts: bool = False
    future: bool = False
    expired: bool = False
    base_url: str | None = None
    now: datetime | None = None  # the moment that decides what is "future"; default: now
    strict: bool = False  # stop on what `sitegen check` only warns of
    preview: bool = False  # for `sitegen serve`: mark drafts and future pages, add the error overlay
    write_cache: bool = True  # False for `sitegen check`, which writes nothing at all
    workers: int = field(default_factory=default_workers)  # processes converting and rendering pages


@dataclass(frozen=True)
class BuildReport:
    pages: int
    files: int
    seconds: float
    output: Path
    rendered: int  # pages rendered; the others were unchanged, and taken from the last build (reuse.py)


@dataclass(frozen=True)
class Prepared:
    """The site read, checked and planned: everything but the files, which only `build` writes."""

    site_dir: Path
    env: TemplateEnvironment
    site: Site
    outputs: list[Output]
    feeds: list[Feed]
    cards: list[Card]
    extras: Extras
    static: dict[str, Path]
    book: ChartBook
    now: datetime  # the moment that decided what is published
    context: str  # digest of config, templates and strings (mdcache.context_key)


def prepare(options: BuildOptions, log: Callable[[str], None] = lambda _: None,
            memory: Memory | None = None) -> Prepared:
    """Load config and theme, read content and data, build the site model and plan every page.

    With a `memory` (sitegen serve), what did not change since its last build is taken from it.
    """
    memory = memory or Memory()  # one that remembers nothing: a plain build
    site_dir = options.site_dir.resolve()
    config = memory.once("config", lambda: load_config(site_dir, options.base_url))
    theme_dir = find_theme(config, site_dir)
    env = memory.once("env", lambda: template_environment(config, site_dir, theme_dir))
    log(f"config, theme {config.theme} and {len(config.languages)} languages loaded")

    sources = memory.read(site_dir, config)
    publishing = _publish_options(options, config)
    parsed = place_pages(config, sources, publishing, memory.parsed)
    log(f"{len(sources)} content files read, {len(parsed)} to publish")

    datasets, book = memory.once("datasets", lambda: _datasets(site_dir, config, env))
    log(f"{len(datasets)} datasets read and checked")

    static = memory.once("static", lambda: static_files(site_dir, theme_dir))
    pictures = picture_finder(site_dir, static)
    context = memory.once("context", lambda: context_key(config, _shaping_folders(env)))
    pages, hits = _convert(site_dir, config, env, context, parsed, sources, static, book, pictures, options, memory)
    log(f"{len(pages) - hits} pages converted from Markdown, {hits} taken from the cache")
    site = assemble_site(config, pages, datasets)
    memory.keep_only(sources, parsed, site.pages)
    outputs = plan(site, memory.once("views", lambda: dataset_views(env, config, book)), memory.plans)
    images, cards = plan_images(site, site_dir, static, memory)
    feeds = plan_feeds(site)
    log(f"{len(outputs)} pages, {len(feeds)} feeds and {len(cards)} share cards planned")
    extras = Extras(images, {(f.lang, f.base): f for f in feeds}, publishing.now if options.preview else None,
                    lead_pictures(site, pictures, memory))
    return Prepared(site_dir, env, site, outputs, feeds, cards, extras, static, book, publishing.now, context)


def _datasets(site_dir: Path, config: Config, env: TemplateEnvironment) -> tuple[dict[str, Dataset], ChartBook]:
    """The datasets of data/, each checked, and every chart they name."""
    datasets = load_datasets(site_dir, config)
    book = ChartBook(datasets, env.formatters, env.strings.get, site_dir)
    book.check_all()
    return datasets, book


def _convert(site_dir: Path, config: Config, env: TemplateEnvironment, context: str, parsed: list[Page],
             sources: list[SourceFile], static: dict[str, Path], book: ChartBook, pictures: PictureOf,
             options: BuildOptions, memory: Memory) -> tuple[list[Page], int]:
    """Every page's Markdown as HTML (from the memory, the cache on disk, or converted now); cache hits."""
    resolver = link_resolver(config, parsed, sources, static)
    link_state = (resolver.all_sources, resolver.static_files, tuple((p.source, p.path, p.translation_key)
                                                                       for p in parsed))
    cache = MarkdownCache(site_dir, context, resolver, writable=options.write_cache, remembered=memory.converted,
                          links_unchanged=link_state == memory.link_state)
    memory.link_state = link_state
    figures = Figures(env, config, book)
    handlers = builtin_handlers(env, cache.resolver, pictures) | figures.handlers()
    pages = render_pages(parsed, cache.resolver, handlers, {"chart": figures.fence}, cache, pictures, options.workers)
    return pages, cache.hits


def _shaping_folders(env: TemplateEnvironment) -> list[Path]:
    """The folders whose files shape converted Markdown: templates (shortcodes) and strings."""
    return [*env.search_path, env.theme_dir / I18N_DIR, env.site_dir / I18N_DIR]


def build(options: BuildOptions, log: Callable[[str], None] = lambda _: None) -> BuildReport:
    """Prepare the site, render it, publish it."""
    started = time.perf_counter()
    output = (options.output or options.site_dir / "public").resolve()
    check_output_folder(output, options.site_dir.resolve(), recorded_folder(options.site_dir.resolve()))
    ready = prepare(options, log)
    if options.strict:
        strict_check(ready)
    files: dict[str, bytes | Path] = {
        **draw_cards(ready.cards, ready.site_dir),
        **site_files(ready.env, ready.site, ready.outputs, ready.feeds, ready.static),
        **data_files(ready.site, ready.book, ready.site_dir, ready.env.absurl)}
    if options.preview:
        files |= preview_files()
    reuse = load_record(ready.site_dir, output, {output_file(o.path): f for o, f in fingerprints(ready) if f})
    written = publish(output, ready, files, options.workers, reuse)
    return BuildReport(len(ready.outputs), written, time.perf_counter() - started, output, reuse.rendered)


def fingerprints(ready: Prepared) -> list[tuple[Output, str | None]]:
    """Each page with the fingerprint of what it is rendered from (None: render it every time)."""
    site, extras = ready.site, ready.extras
    light = light_terms(ready.env)
    shared = Fingerprints("").of((code_digest(), ready.context, shared_values(site, extras.feeds),
                                  extras.preview_now, light))
    assert shared is not None
    prints = Fingerprints(shared)
    return [(o, prints.of(page_token(site, extras, o, light))) for o in ready.outputs]


def strict_check(ready: Prepared) -> None:
    """`build --strict`: what `sitegen check` warns of stops the build (for CI)."""
    from sitegen.check import lint  # the checks import this module

    findings = [f for f in lint(ready) if f.severity != "notice"]
    raise_if_any([f.as_problem() for f in findings])


def template_environment(config: Config, site_dir: Path, theme_dir: Path) -> TemplateEnvironment:
    """Interface strings and templates, checked whole before any page is rendered."""
    strings = load_strings(config, site_dir, theme_dir)
    check_patterns(strings, config)
    env = TemplateEnvironment(config, site_dir, theme_dir, strings)
    env.check_all()
    return env


def _publish_options(options: BuildOptions, config: Config) -> PublishOptions:
    return PublishOptions(now=options.now or datetime.now(config.zone), drafts=options.drafts,
                          future=options.future, expired=options.expired)


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


def publish(output: Path, ready: Prepared, files: dict[str, bytes | Path], workers: int, reuse: Reuse) -> int:
    """Render every page and copy every file into staging, index it, then swap it in; the file count.

    Releases and pages come first, so that Pagefind can index them while the lists render.
    Pages whose fingerprint is unchanged are taken from the last build (reuse.py).
    """
    site = ready.site
    indexed, listed = [], []
    for o in ready.outputs:
        (indexed if site.config.search and o.template in search.INDEXED_TEMPLATES else listed).append(o)
    searched = search_fingerprint({file: reuse.now.get(file) for file in map(output_file, (o.path for o in indexed))})
    with Writer(output) as writer:
        indexer = search.Indexer(writer.staging)
        try:
            fresh = write_pages(writer, ready, indexed, workers, reuse)
            for run in index_runs(site, indexed):
                bundle = search.bundle_path(run[1]).strip("/")
                if not fresh and reuse.search_unchanged(searched) and (output / bundle).is_dir():
                    link_tree(output / bundle, writer.staging / bundle)  # no searchable page changed
                else:
                    indexer.start(*run)
            write_pages(writer, ready, listed, workers, reuse)
            for path, data in files.items():
                writer.write(path.lstrip("/"), data, f"generated {path}")
            for relative, source in ready.static.items():
                copy_static(writer, ready.site_dir, relative, source)
            for page in site.by_source.values():
                copy_resources(writer, ready.site_dir, page)
            indexer.wait()
        finally:
            indexer.stop()
        count = writer.count()
        forget_record(ready.site_dir)
        writer.publish()
    save_record(ready.site_dir, reuse, searched)
    return count


def write_pages(writer: Writer, ready: Prepared, outputs: list[Output], workers: int, reuse: Reuse) -> int:
    """Pages into the staging folder: rendered (in worker processes when they are many, workers.py)
    or, if unchanged, linked from the last build; how many were rendered."""
    env, site, extras = ready.env, ready.site, ready.extras

    def render_one(output: Output) -> list[Problem]:
        try:
            html = render(env, site, output, extras)
            if extras.preview_now is not None:
                html = with_preview_script(html)
            writer.put(output_file(output.path), html)  # in a worker: its problems go back as values
        except SitegenError as error:
            return error.problems
        return []

    fresh = [o for o in outputs if not reuse.unchanged(output_file(o.path))]
    outcomes = dict(zip(map(id, fresh), in_workers(render_one, fresh, workers), strict=True))
    for output in outputs:  # claimed in order, so that a clash is told as a build in one process tells it
        relative = output_file(output.path)
        if id(output) in outcomes:
            raise_if_any(outcomes[id(output)])  # the first page that failed
            writer.claim(relative, output.origin)
        else:
            writer.link(relative, reuse.folder / relative, output.origin)
    reuse.rendered += len(fresh)
    return len(fresh)


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


def link_resolver(config: Config, pages: list[Page], sources: list[SourceFile], static: dict[str, Path]
                  ) -> LinkResolver:
    """What Markdown links may point at: published pages, every source file, static files."""
    return LinkResolver(
        published={p.source: p for p in pages},
        translations=group_translations(pages),
        all_sources=frozenset(s.path for s in sources),
        static_files=frozenset("/" + f for f in static),
        base_path=config.base_path,
        unsafe_html=config.unsafe_html,
    )


def lead_pictures(site: Site, pictures: PictureOf, memory: Memory) -> dict[str, Picture]:
    """Site path of a page -> its front matter photo's Picture (its own or a static one)."""
    found = {}
    for page in site.pages:
        if page.image:
            path = page.image if page.image.startswith("/") else page.path + page.image
            url = site.config.base_path.rstrip("/") + path
            picture = memory.of_page("lead picture", page, lambda p=page, u=url: pictures(p, p.image, u))
            if picture is not None:
                found[page.path] = picture
    return found


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
        source, origin = site_dir / page.bundle_dir / resource, f"{page.bundle_dir}/{resource}"
        if is_photo(resource):  # upright, without the GPS position a phone wrote into it, in more sizes
            _write_photo(writer, site_dir, folder + resource, source, origin)
        else:
            writer.copy(folder + resource, source, origin)
