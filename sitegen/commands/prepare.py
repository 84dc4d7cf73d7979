"""Everything a build does before it writes: each step takes and returns named values.

    setup      sitegen.toml, the theme, its templates and strings                    -> Setup
    contents   content/ read, front matter parsed, what to publish placed at URLs    -> Contents
    data       data/ read: every dataset checked, every chart it names               -> Data
    assets     the static files, and the photos pages show                           -> Assets
    convert    each page's Markdown as HTML (shortcodes, figures, links)             -> Converted
    model      the whole site: pages, translations, terms, archive                   -> Site
    plan       every page, feed and share image to write                             -> Prepared

`sitegen build` writes what this plans (build.py); `sitegen check` only reads it (check.py);
`sitegen serve` runs it again on every save with a `Memory` that keeps what did not change.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sitegen.commands.options import BuildOptions, Log
from sitegen.core.messages import tr
from sitegen.data.charts import ChartBook
from sitegen.data.datasets import Dataset, load_datasets
from sitegen.incremental.frontcache import FrontMatterCache
from sitegen.incremental.memory import Memory
from sitegen.markdown.figures import Figures, dataset_views
from sitegen.markdown.links import LinkResolver
from sitegen.markdown.mdcache import MarkdownCache, context_key
from sitegen.markdown.shortcodes import builtin_handlers
from sitegen.model.site import Page, PublishOptions, Site, assemble_site, group_translations, place_pages
from sitegen.pages.feeds import Feed, plan_feeds
from sitegen.pages.head import Extras
from sitegen.pages.plan import Output, plan
from sitegen.pages.social import Card, plan_images
from sitegen.source.config import Config, load_config
from sitegen.source.content import SourceFile
from sitegen.source.i18n import I18N_DIR, check_patterns, load_strings
from sitegen.source.images import Picture, PictureOf, picture_finder
from sitegen.source.templates import TemplateEnvironment
from sitegen.source.theme import find_theme, static_files


@dataclass(frozen=True)
class Setup:
    """What shapes every page: the config, the theme's templates and strings."""

    site_dir: Path
    config: Config
    env: TemplateEnvironment
    context: str  # digest of config, templates and strings (mdcache.context_key)


@dataclass(frozen=True)
class Contents:
    """The content files, and the pages to publish from them (not yet converted)."""

    sources: list[SourceFile]
    parsed: list[Page]
    publishing: PublishOptions


@dataclass(frozen=True)
class Data:
    datasets: dict[str, Dataset]
    book: ChartBook  # every chart the datasets name, checked


@dataclass(frozen=True)
class Assets:
    static: dict[str, Path]  # output path -> source file: the theme's static/, then the site's
    pictures: PictureOf  # finds the photo a page shows


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


def prepare(options: BuildOptions, log: Log = lambda _: None, memory: Memory | None = None) -> Prepared:
    """Load config and theme, read content and data, build the site model and plan every page.

    With a `memory` (sitegen serve), what did not change since its last build is taken from it.
    """
    memory = memory or Memory()  # one that remembers nothing: a plain build
    setup = load_setup(options, memory)
    log(tr("config, theme {theme} and {count} languages loaded", theme=setup.config.theme,
           count=len(setup.config.languages)))
    contents = read_contents(setup, options, memory)
    log(tr("{count} content files read, {published} to publish", count=len(contents.sources),
           published=len(contents.parsed)))
    data = memory.once("datasets", lambda: read_data(setup))
    log(tr("{count} datasets read and checked", count=len(data.datasets)))
    assets = find_assets(setup, memory)
    pages, hits = convert(setup, contents, data, assets, options, memory)
    log(tr("{count} pages converted from Markdown, {hits} taken from the cache", count=len(pages) - hits, hits=hits))
    site = assemble_site(setup.config, pages, data.datasets)
    memory.keep_only(contents.sources, contents.parsed, site.pages)
    ready = plan_site(setup, site, data, assets, contents.publishing, options, memory)
    log(tr("{pages} pages, {feeds} feeds and {cards} share cards planned", pages=len(ready.outputs),
           feeds=len(ready.feeds), cards=len(ready.cards)))
    return ready


def load_setup(options: BuildOptions, memory: Memory) -> Setup:
    """sitegen.toml, the theme (templates and interface strings checked whole) and the static files."""
    site_dir = options.site_dir.resolve()
    config = memory.once("config", lambda: load_config(site_dir, options.base_url))
    theme_dir = find_theme(config, site_dir)
    env = memory.once("env", lambda: template_environment(config, site_dir, theme_dir))
    context = memory.once("context", lambda: context_key(config, _shaping_folders(env)))
    return Setup(site_dir, config, env, context)


def template_environment(config: Config, site_dir: Path, theme_dir: Path) -> TemplateEnvironment:
    """Interface strings and templates, checked whole before any page is rendered."""
    strings = load_strings(config, site_dir, theme_dir)
    check_patterns(strings, config)
    env = TemplateEnvironment(config, site_dir, theme_dir, strings)
    env.check_all()
    return env


def _shaping_folders(env: TemplateEnvironment) -> list[Path]:
    """The folders whose files shape converted Markdown: templates (shortcodes) and strings."""
    return [*env.search_path, env.theme_dir / I18N_DIR, env.site_dir / I18N_DIR]


def read_contents(setup: Setup, options: BuildOptions, memory: Memory) -> Contents:
    """Every content file, and the pages to publish now (drafts, future and expired left out)."""
    config = setup.config
    sources = memory.read(setup.site_dir, config)
    publishing = PublishOptions(now=options.now or datetime.now(config.zone), drafts=options.drafts,
                                future=options.future, expired=options.expired)
    front = memory.once("front matter", lambda: FrontMatterCache(setup.site_dir, config.zone, options.write_cache))
    placed = place_pages(config, sources, publishing, memory.parsed, front.parse)
    front.save()
    return Contents(sources, placed, publishing)


def read_data(setup: Setup) -> Data:
    """The datasets of data/ and of releases' folders, each checked, and every chart they name."""
    datasets = load_datasets(setup.site_dir, setup.config)
    book = ChartBook(datasets, setup.env.formatters, setup.env.strings.get, setup.site_dir)
    book.check_all()
    return Data(datasets, book)


def find_assets(setup: Setup, memory: Memory) -> Assets:
    """The static files (the site's over the theme's), and a finder of the photos pages show."""
    static = memory.once("static", lambda: static_files(setup.site_dir, setup.env.theme_dir))
    return Assets(static, picture_finder(setup.site_dir, static))


def convert(setup: Setup, contents: Contents, data: Data, assets: Assets, options: BuildOptions, memory: Memory
            ) -> tuple[list[Page], int]:
    """Every page's Markdown as HTML (from the memory, the cache on disk, or converted now); cache hits."""
    resolver = link_resolver(setup.config, contents, assets.static)
    link_state = (resolver.all_sources, resolver.static_files,
                  tuple((p.source, p.path, p.translation_key) for p in contents.parsed))
    cache = MarkdownCache(setup.site_dir, setup.context, resolver, writable=options.write_cache,
                          remembered=memory.converted, links_unchanged=link_state == memory.link_state,
                          book=data.book)
    memory.link_state = link_state
    figures = Figures(setup.env, setup.config, data.book)
    pictures = cache.recording(assets.pictures)  # so that a page's photos are checked as its links are
    handlers = builtin_handlers(setup.env, cache.resolver, pictures) | figures.handlers()
    pages: list[Page] = []
    if contents.parsed:  # here, not at the top: a site without pages never loads Markdown (start-up)
        from sitegen.markdown.convert import render_pages

        pages = render_pages(contents.parsed, cache.resolver, handlers, {"chart": figures.fence}, cache,
                             pictures, options.workers)
    return pages, cache.hits


def link_resolver(config: Config, contents: Contents, static: dict[str, Path]) -> LinkResolver:
    """What Markdown links may point at: published pages, every source file, static files."""
    pages = contents.parsed
    return LinkResolver(
        published={p.source: p for p in pages},
        translations=group_translations(pages),
        all_sources=frozenset(s.path for s in contents.sources),
        static_files=frozenset("/" + f for f in static),
        base_path=config.base_path,
        unsafe_html=config.unsafe_html,
    )


def plan_site(setup: Setup, site: Site, data: Data, assets: Assets, publishing: PublishOptions,
              options: BuildOptions, memory: Memory) -> Prepared:
    """Every page, feed and share image to write, and what each page's head needs."""
    views = memory.once("views", lambda: dataset_views(setup.env, setup.config, data.book))
    outputs = plan(site, views, memory.plans)
    images, cards = plan_images(site, setup.site_dir, assets.static, memory.of_page)
    feeds = plan_feeds(site)
    extras = Extras(images, {(f.lang, f.base): f for f in feeds}, publishing.now if options.preview else None,
                    lead_pictures(site, assets.pictures, memory))
    return Prepared(setup.site_dir, setup.env, site, outputs, feeds, cards, extras, assets.static, data.book,
                    publishing.now, setup.context)


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
