"""The build, as a list of steps: config, theme, content, model, Markdown, pages, publish."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sitegen.config import Config, load_config
from sitegen.content import read_sources
from sitegen.errors import Problem, SitegenError, raise_if_any
from sitegen.i18n import check_patterns, load_strings
from sitegen.links import LinkResolver
from sitegen.markdown import MarkdownRenderer
from sitegen.model import Page, PublishOptions, assemble_site, place_pages
from sitegen.render import plan, render
from sitegen.shortcodes import Handler, ShortcodeCall
from sitegen.templates import TemplateEnvironment
from sitegen.writer import Writer, check_output_folder, output_file

THEMES_DIR = "themes"
STATIC_DIR = "static"


@dataclass(frozen=True)
class BuildOptions:
    site_dir: Path
    output: Path | None = None  # default: <site>/public
    drafts: bool = False
    future: bool = False
    expired: bool = False
    base_url: str | None = None
    now: datetime | None = None  # the moment that decides what is "future"; default: now


@dataclass(frozen=True)
class BuildReport:
    pages: int
    files: int
    seconds: float
    output: Path


def build(options: BuildOptions, log: Callable[[str], None] = lambda _: None) -> BuildReport:
    started = time.perf_counter()
    site_dir = options.site_dir.resolve()
    output = (options.output or site_dir / "public").resolve()
    check_output_folder(output, site_dir)

    config = load_config(site_dir, options.base_url)
    theme_dir = find_theme(config, site_dir)
    strings = load_strings(config, site_dir, theme_dir)
    check_patterns(strings, config)
    env = TemplateEnvironment(config, site_dir, theme_dir, strings)
    env.check_all()
    log(f"config, theme {config.theme} and {len(config.languages)} languages loaded")

    sources = read_sources(site_dir, config)
    publish = PublishOptions(now=options.now or datetime.now(config.zone), drafts=options.drafts,
                             future=options.future, expired=options.expired)
    pages = place_pages(config, sources, publish)
    log(f"{len(sources)} content files read, {len(pages)} to publish")

    static = static_files(site_dir, theme_dir)
    site = assemble_site(config, render_markdown(config, env, pages, sources, static))
    outputs = plan(site)

    with Writer(output) as writer:
        for item in outputs:
            writer.write(output_file(item.path), render(env, site, item), item.origin)
        for relative, source in static.items():
            writer.copy(relative, source, f"{STATIC_DIR}/{relative}")
        for page in site.by_source.values():
            _copy_resources(writer, site_dir, page)
        writer.publish()
    return BuildReport(len(outputs), writer.written, time.perf_counter() - started, output)


def find_theme(config: Config, site_dir: Path) -> Path:
    theme_dir = site_dir / THEMES_DIR / config.theme
    if not theme_dir.is_dir():
        found = sorted(p.name for p in (site_dir / THEMES_DIR).glob("*") if p.is_dir())
        raise SitegenError([Problem("sitegen.toml", None, f'key "theme": no theme "{config.theme}" '
                                    f"in {THEMES_DIR}/ (found: {', '.join(found) or 'none'})")])
    return theme_dir


def static_files(site_dir: Path, theme_dir: Path) -> dict[str, Path]:
    """Files served as they are: the theme's static/, overridden by the site's static/."""
    files: dict[str, Path] = {}
    for folder in (theme_dir / STATIC_DIR, site_dir / STATIC_DIR):
        for file in sorted(folder.rglob("*")) if folder.is_dir() else ():
            if file.is_file():
                files[file.relative_to(folder).as_posix()] = file
    return files


def render_markdown(
    config: Config, env: TemplateEnvironment, pages: list[Page], sources: list, static: dict[str, Path]
) -> list[Page]:
    """Every page's body as HTML; links and images checked against the whole site."""
    published = {p.source: p for p in pages}
    resolver = LinkResolver(
        published=published,
        translations=_translation_index(pages),
        all_sources=frozenset(s.path for s in sources),
        static_files=frozenset("/" + f for f in static),
        base_path=config.base_path,
    )
    renderer = MarkdownRenderer(resolver, shortcode_handlers(env, resolver))
    problems: list[Problem] = []
    rendered = []
    for page in pages:
        try:
            _check_image(resolver, page)
            rendered.append(renderer.render(page))
        except SitegenError as error:
            problems.extend(error.problems)
    raise_if_any(problems)
    return rendered


def _translation_index(pages: list[Page]) -> dict[str, dict[str, Page]]:
    index: dict[str, dict[str, Page]] = {}
    for page in pages:
        index.setdefault(page.translation_key, {}).setdefault(page.lang, page)
    return index


def _check_image(resolver: LinkResolver, page: Page) -> None:
    """The front matter's photo must exist and be described, as a figure's must."""
    line = page.key_lines.get("image")
    if page.image is None:
        return
    try:
        resolver.image(page, page.image)
    except SitegenError as error:
        raise SitegenError([Problem(page.source, line, p.message) for p in error.problems]) from None
    if not page.image_alt:
        raise SitegenError([Problem(page.source, line, "image has no image_alt: describe the photo "
                                                       "for readers who cannot see it")])


def shortcode_handlers(env: TemplateEnvironment, resolver: LinkResolver) -> dict[str, Handler]:
    """Built-in shortcodes, and one for each theme or site template in shortcodes/."""

    def from_template(name: str) -> Handler:
        def handler(call: ShortcodeCall, page: Page) -> str:  # type: ignore[override]
            return env.render(f"shortcodes/{name}.html", {"lang": page.lang, "page": page,
                                                          "args": call.args, "positional": call.positional})
        return handler

    def figure(call: ShortcodeCall, page: Page) -> str:  # type: ignore[override]
        src = call.require("src", "foto.jpg")
        alt = call.require("alt", "what the photo shows")
        try:
            url = resolver.image(page, src)
        except SitegenError as error:
            raise call.problem(error.problems[0].message.removeprefix("image ")) from None
        return env.render("shortcodes/figure.html", {"lang": page.lang, "src": url, "alt": alt,
                                                     "args": call.args})

    names = [t.removeprefix("shortcodes/").removesuffix(".html")
             for t in env.env.list_templates() if t.startswith("shortcodes/") and t.endswith(".html")]
    handlers: dict[str, Handler] = {name: from_template(name) for name in names}
    handlers["figure"] = figure  # type: ignore[assignment]
    return handlers


def _copy_resources(writer: Writer, site_dir: Path, page: Page) -> None:
    """A bundle's photos and files go beside its page, in every language's URL."""
    if page.bundle_dir is None:
        return
    folder = page.path.lstrip("/")
    for resource in page.resources:
        writer.copy(folder + resource, site_dir / page.bundle_dir / resource,
                    f"{page.bundle_dir}/{resource}")
