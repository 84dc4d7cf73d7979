"""What `sitegen check` can still find after one stage of the build stopped it.

A build stops at the first stage with a mistake, and nothing is published; a check should show
every mistake at once, or a writer fixes one, runs it again, and meets the next. So each stage
is run here on what the others left valid:

- each content file on its own, so one file's front matter does not hide another's;
- data/ on its own; when it has a mistake, every page is converted all the same, with its
  figures and charts left blank (drawn, they would only repeat the data's mistake), so a broken
  link or photo in a release that shows data is still found;
- the pages again without those whose mistakes were found, until the rest convert, and the site
  assembled from them, for the warnings and notices (`lint_site` in check.py).

Only when sitegen.toml or the theme cannot be read is nothing else checked: every stage needs them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from sitegen.commands.prepare import (
    Assets,
    BuildOptions,
    Contents,
    Data,
    Setup,
    find_assets,
    link_resolver,
    load_setup,
    read_data,
)
from sitegen.core.errors import Problem, SitegenError
from sitegen.data.charts import ChartBook
from sitegen.incremental.memory import Memory
from sitegen.markdown.figures import Figures
from sitegen.markdown.shortcodes import builtin_handlers
from sitegen.model.site import Page, PublishOptions, Site, assemble_site, place_pages

T = TypeVar("T")
MAX_RETRIES = 5  # rounds of converting the pages left: a round ends with the mistakes of one or more pages


@dataclass(frozen=True)
class Rest:
    """What the stages found, and the site made of the pages that converted (None: none did)."""

    problems: list[Problem]
    site: Site | None
    now: datetime


def despite(options: BuildOptions) -> Rest:
    memory = Memory()
    problems: list[Problem] = []
    try:
        setup = load_setup(options, memory)
    except SitegenError as error:
        return Rest(error.problems, None, datetime.now())
    config = setup.config
    publishing = PublishOptions(now=options.now or datetime.now(config.zone), drafts=options.drafts,
                                future=options.future, expired=options.expired)
    sources = memory.read(setup.site_dir, config)
    parsed = [page for source in sources
              for page in _attempt(lambda s=source: place_pages(config, [s], publishing), problems) or []]
    data = _attempt(lambda: read_data(setup), problems)
    blank_figures = data is None  # drawn from broken data, figures would only repeat its mistakes
    if data is None:
        data = Data({}, ChartBook({}, setup.env.formatters, setup.env.strings.get, setup.site_dir))
    assets = _attempt(lambda: find_assets(setup, memory), problems)
    if assets is None:
        return Rest(problems, None, publishing.now)
    pages = _convert_each(setup, Contents(sources, parsed, publishing), data, assets, blank_figures, problems)
    return Rest(problems, assemble_site(config, pages, data.datasets), publishing.now)


def _convert_each(setup: Setup, contents: Contents, data: Data, assets: Assets, blank_figures: bool,
                  problems: list[Problem]) -> list[Page]:
    """The pages that convert, links checked against every page; a page's mistakes are recorded and
    the others kept (render_pages reports the mistakes of all pages, but returns no page then)."""
    resolver = link_resolver(setup.config, contents, assets.static)
    figures = Figures(setup.env, setup.config, data.book)
    handlers = builtin_handlers(setup.env, resolver, assets.pictures) | figures.handlers()
    fences: dict[str, Callable[..., str]] = {"chart": figures.fence}
    if blank_figures:
        handlers |= {name: _blank for name in figures.handlers()}
        fences = {"chart": _blank}

    def run(pages: list[Page]) -> list[Page]:
        from sitegen.markdown.convert import render_pages  # here: Markdown loads only if pages need it

        return render_pages(pages, resolver, handlers, fences, None, assets.pictures, 1)

    todo = list(contents.parsed)
    for _ in range(MAX_RETRIES):  # each round drops the pages whose mistakes it found
        found: list[Problem] = []
        converted = _attempt(lambda todo=todo: run(todo), found)
        problems.extend(found)
        if converted is not None:
            return converted
        failed = {problem.path for problem in found}
        left = [page for page in todo if page.source not in failed]
        if len(left) == len(todo):
            return []
        todo = left
    return []


def _blank(*_: object) -> str:
    """A figure or chart of data that could not be read: nothing, and no second message."""
    return ""


def _attempt(step: Callable[[], T], problems: list[Problem]) -> T | None:
    """A stage's result, or None with its problems recorded."""
    try:
        return step()
    except SitegenError as error:
        problems.extend(error.problems)
        return None
