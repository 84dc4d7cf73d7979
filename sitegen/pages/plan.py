"""Plan every page of the site, per language: which path gets which template with which values.

Pure: it reads the site model and says, for each page, which page in each other language is its
translation (for `hreflang`, the language switcher and the sitemap) and when it last changed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime, time
from typing import Any

from sitegen.core.errors import Problem, raise_if_any
from sitegen.core.messages import tr
from sitegen.markdown.figures import CHART_MARK, DatasetView, embed_path
from sitegen.model.site import Page, Site, Term, normalize_alias, paginate
from sitegen.pages.layouts import list_layouts, single_layouts
from sitegen.source.templates import safe

KEY_FIGURES = 4  # on the home page, from the statistics section
RELATED = 3  # releases suggested under a release


@dataclass(frozen=True)
class Output:
    """One HTML file to write: where, with which template and values, in which language."""

    path: str
    template: str
    lang: str
    origin: str  # what it comes from, for messages: a source file or a kind of list
    context: dict[str, Any]
    translations: dict[str, str] = field(default_factory=dict)  # lang -> path: true equivalents
    fallbacks: dict[str, str] = field(default_factory=dict)  # lang -> path: the nearest page
    lastmod: datetime | None = None  # when its content last changed, for sitemaps
    layouts: tuple[str, ...] = ()  # templates to try before `template`: a page's type and layout (layouts.py)

    @property
    def indexable(self) -> bool:
        """A page search engines should list (not a redirect, the 404 page or a chart to embed)."""
        return self.template not in ("alias.html", "404.html", "embed.html")


def plan(site: Site, statistics: Mapping[tuple[str, str], DatasetView] | None = None,
         memo: dict[Any, Any] | None = None) -> list[Output]:
    """Every page to render, in a stable order; `statistics` shows each dataset per language.

    `memo` keeps, between builds of `sitegen serve`, what an edit seldom changes: each release's
    Output, each list's Outputs, related releases. A kept Output is handed back while what it was
    made from is the same (pages compare by identity), so an edit costs only what it touches.
    """
    memo = {} if memo is None else memo
    outputs: list[Output] = []
    for lang in site.config.language_codes:
        outputs += [_home(site, lang, statistics or {}), _not_found(site, lang)]
        outputs += _sections(site, lang, memo)
        outputs += _singles(site, lang, memo)
        outputs += _taxonomies(site, lang, memo)
        outputs += _archive(site, lang, memo)
        if site.config.search:
            outputs.append(_search(site, lang))
        outputs += _statistics(site, lang, statistics or {})
    _check_aliases(site, outputs)
    outputs += _aliases(site)
    return outputs


def _kept(memo: dict[Any, Any], key: Any, inputs: Any, make: Callable[[], list[Output]]) -> list[Output]:
    """The Outputs made last build from equal inputs, or new ones (and kept for the next build)."""
    kept = memo.get(key)
    if kept is not None and kept[0] == inputs:
        return kept[1]
    outputs = make()
    memo[key] = (inputs, outputs)
    return outputs


def newest(pages: Iterable[Page]) -> datetime | None:
    """The last change among pages: what a list's lastmod is."""
    return max((p.lastmod or p.date for p in pages if p.dated or p.lastmod), default=None)  # undated: no time


def _every_language(site: Site, path_of: Any) -> dict[str, str]:
    return {code: path_of(code) for code in site.config.language_codes}


def _home(site: Site, lang: str, views: Mapping[tuple[str, str], DatasetView]) -> Output:
    articles = site.articles(lang)
    featured = next((p for p in articles if p.featured), articles[0] if articles else None)
    latest = [p for p in articles if p is not featured][: site.config.home_latest]
    figures = [view for (code, _), view in sorted(views.items()) if code == lang and view.key_figure][:KEY_FIGURES]
    return Output(
        path=site.home_path(lang), template="home.html", lang=lang, origin=f"home page ({lang})",
        context={"featured": featured, "latest": latest, "intro": site.section_indexes.get((lang, "")),
                 "key_figures": figures},
        translations=_every_language(site, site.home_path), lastmod=site.newest(lang),
    )


def _not_found(site: Site, lang: str) -> Output:
    path = f"{site.config.prefix(lang)}/404.html"
    return Output(path=path, template="404.html", lang=lang, origin=f"404 page ({lang})",
                  context={}, fallbacks=_every_language(site, site.home_path))


def _sections(site: Site, lang: str, memo: dict[Any, Any]) -> Iterator[Output]:
    """A list for every section at any depth (`/archives/2011/08/`), its pages newest first."""
    for section in site.section_tree(lang):
        articles = site.listed(lang, section)
        intro = site.section_indexes.get((lang, section))
        versions = site.section_versions(lang, section)
        subsections = tuple(site.subsections(lang, section))
        yield from _kept(memo, ("section", lang, section), (tuple(articles), intro, subsections, versions),
                         lambda s=section, a=articles, i=intro, v=versions: _section(site, lang, s, a, i, v))


def _section(site: Site, lang: str, section: str, articles: list[Page], intro: Page | None,
             versions: dict[str, str]) -> list[Output]:
    """A section's list, in pages; its language switch to the same section in each language that has it."""
    config = site.config
    subsections = [(s, site.section_url(lang, s)) for s in site.subsections(lang, section)]
    return [
        Output(path=pager.path, template="list.html", lang=lang, origin=f"list of {section} ({lang})",
               context={"section": section, "pager": pager, "intro": intro, "subsections": subsections},
               translations=versions if pager.number == 1 else {},
               fallbacks=versions, lastmod=newest(pager.items),
               layouts=list_layouts(intro, section))
        for pager in paginate(articles, config.paginate, versions[lang], config.languages[lang].pagination)
    ]


def _singles(site: Site, lang: str, memo: dict[Any, Any]) -> Iterator[Output]:
    for pages in site.in_section(lang).values():
        suggest = _related_in(pages, memo)
        for index, page in enumerate(pages):
            neighbours: dict[str, Any] = {}
            if page.is_article:  # newest first: the previous release is the next in the list
                neighbours = {"newer": pages[index - 1] if index > 0 else None,
                              "older": pages[index + 1] if index + 1 < len(pages) else None,
                              "related": suggest(page)}
            versions = site.translations_of(page)
            # The same page among the same pages: the same Output as last build (sitegen serve).
            key = (page, *neighbours.values(), *versions.values())
            kept = memo.get(("single", page.path))
            if kept is not None and kept[0] == key:
                yield kept[1]
                continue
            output = Output(
                path=page.path, template="single.html" if page.is_article else "page.html",
                lang=lang, origin=page.source,
                context={"page": page, "content": safe(page.content), "toc": safe(page.toc),
                         "has_charts": CHART_MARK in page.content, **neighbours},
                translations={code: p.path for code, p in versions.items()},
                lastmod=page.lastmod or page.date if page.dated else page.lastmod,
                layouts=single_layouts(page),
            )
            memo[("single", page.path)] = (key, output)
            yield output


def _related_in(pages: list[Page], memo: dict[Any, Any]) -> Callable[[Page], list[Page]]:
    """Related releases for a list; the same answers as last build while no release in it moved
    or changed its terms (an edited release is a new Page, so answers are kept as source files)."""
    shape = tuple((p.source, p.kind, p.categories, p.tags) for p in pages)
    key = ("related", pages[0].lang, pages[0].section)
    if key not in memo or memo[key][0] != shape:
        suggest = Related(pages)
        memo[key] = (shape, {p.source: [o.source for o in suggest(p)] for p in pages if p.is_article})
    by_source, answers = {p.source: p for p in pages}, memo[key][1]
    return lambda page: [by_source[source] for source in answers[page.source]]


def related(page: Page, pages: list[Page], count: int = RELATED) -> list[Page]:
    """Releases sharing the most categories and tags with this one, newest first among equals.

    The plain definition, one page against all: `Related` gives the same answer for a whole list.
    """
    mine = _terms(page)
    scored = [(len(mine & _terms(other)), position, other)
              for position, other in enumerate(pages) if other is not page and other.is_article]
    return [other for shared, _, other in sorted(scored, key=lambda s: (-s[0], s[1])) if shared][:count]


def _terms(page: Page) -> frozenset[str]:
    return frozenset(page.categories) | frozenset(page.tags)


class Related:
    """`related()` for every page of a list, without comparing every page with every other.

    Comparing all pairs, one page at a time in Python, grows with the square of the releases
    (1.5 s at 1,000). Instead each term is a bit set of the articles that carry it (bit n: the
    n-th page of the list), and a page's shared-term counts for all articles at once are the sum
    of its terms' bit sets, added as a binary counter whose digits are bit sets too ("bit-sliced"
    counting, done by Python's big integers whole words at a time). A page with k terms costs
    about k·log k operations on bit sets as long as the list, so work grows linearly with the
    terms of a release (a release with 100 terms is not a million sets of three to index), and
    memory with the terms that two or more articles share.
    """

    def __init__(self, pages: list[Page]) -> None:
        self.pages = pages
        self.position = {page: n for n, page in enumerate(pages)}
        carriers: dict[str, int] = defaultdict(int)  # term -> bit set of the articles carrying it
        for n, page in enumerate(pages):
            if page.is_article:
                for term in _terms(page):
                    carriers[term] |= 1 << n
        # A term carried by one article relates it to no other: not kept.
        self.carriers = {term: bits for term, bits in carriers.items() if bits & (bits - 1)}

    def __call__(self, page: Page, count: int = RELATED) -> list[Page]:
        me = self.position[page]
        counter = self._shared_counts(page)
        candidates = 0
        for digit in counter:
            candidates |= digit
        candidates &= ~(1 << me)
        chosen: list[int] = []
        for shared in range(2 ** len(counter) - 1, 0, -1):  # most terms shared first
            if not candidates or len(chosen) >= count:
                break
            exactly = candidates
            for place, digit in enumerate(counter):
                exactly &= digit if shared >> place & 1 else ~digit
            candidates &= ~exactly
            while exactly and len(chosen) < count:  # the lowest bit is the newest release
                lowest = exactly & -exactly
                chosen.append(lowest.bit_length() - 1)
                exactly ^= lowest
        return [self.pages[n] for n in chosen]

    def _shared_counts(self, page: Page) -> list[int]:
        """The binary digits, lowest first, of how many terms each article shares with the page:
        digit d has bit n set when article n's count has its 2**d bit set."""
        counter: list[int] = []
        for term in _terms(page):
            carry = self.carriers.get(term, 0)
            for place, digit in enumerate(counter):
                if not carry:
                    break
                counter[place], carry = digit ^ carry, digit & carry
            if carry:
                counter.append(carry)
        return counter


def _taxonomies(site: Site, lang: str, memo: dict[Any, Any]) -> Iterator[Output]:
    config = site.config
    for taxonomy in config.taxonomies:
        def base(code: str, taxonomy: str = taxonomy) -> str:
            return f"{config.prefix(code)}/{config.taxonomy_path(code, taxonomy)}/"

        terms = site.terms(lang, taxonomy)
        overviews = _every_language(site, base)
        term_outputs = [_kept(memo, ("term", term.path), (term, site.term_versions(term)),
                              lambda t=term, o=overviews: list(_term(site, t, o))) for term in terms]
        intro = site.taxonomy_pages.overviews.get((lang, taxonomy))  # content/<taxonomy>/_index.md
        yield Output(path=base(lang), template="terms.html", lang=lang,
                     origin=f"list of {taxonomy} ({lang})",
                     context={"taxonomy": taxonomy, "terms": terms, "intro": intro}, translations=overviews,
                     lastmod=max((o.lastmod for outputs in term_outputs for o in outputs if o.lastmod),
                                 default=None))
        for outputs in term_outputs:
            yield from outputs


def _term(site: Site, term: Term, overviews: dict[str, str]) -> Iterator[Output]:
    """A term's pages; the language switch of its first goes to the same term in another
    language where there is one (terms.py), else to that language's list of terms."""
    config = site.config
    pagers = paginate(list(term.pages), config.paginate, term.path,
                      config.languages[term.lang].pagination)
    translations, matches = site.term_versions(term)
    for pager in pagers:
        yield Output(path=pager.path, template="term.html", lang=term.lang,
                     origin=term.index.source if term.index else f'{term.taxonomy} "{term.name}" ({term.lang})',
                     context={"taxonomy": term.taxonomy, "term": term, "pager": pager, "intro": term.index},
                     translations=translations if pager.number == 1 and len(translations) > 1 else {},
                     fallbacks={**overviews, **matches}, lastmod=newest(pager.items))


def _archive(site: Site, lang: str, memo: dict[Any, Any]) -> Iterator[Output]:
    config = site.config

    def base(code: str) -> str:
        return f"{config.prefix(code)}/{config.languages[code].archive}/"

    years = site.years(lang)
    overviews = _every_language(site, base)
    yield Output(path=base(lang), template="archive.html", lang=lang, origin=f"archive ({lang})",
                 context={"years": years}, translations=overviews, lastmod=site.newest(lang))
    for year in years:
        same_year = {
            code: f"{base(code)}{year.year}/" for code in config.language_codes
            if any(y.year == year.year for y in site.years(code))
        }
        yield from _kept(memo, ("year", year.path), (year, same_year),
                         lambda y=year, same=same_year: _archive_year(site, y, same, overviews))


def _archive_year(site: Site, year: Any, same_year: dict[str, str], overviews: dict[str, str]) -> list[Output]:
    """A year's releases in pages of `paginate`, as the news list: a year can hold a thousand."""
    config = site.config
    return [
        Output(path=pager.path, template="archive_year.html", lang=year.lang,
               origin=f"archive {year.year} ({year.lang})", context={"year": year, "pager": pager},
               translations=same_year if pager.number == 1 else {}, fallbacks={**overviews, **same_year},
               lastmod=newest(pager.items))
        for pager in paginate(list(year.pages), config.paginate, year.path,
                              config.languages[year.lang].pagination)
    ]


def _search(site: Site, lang: str) -> Output:
    def path(code: str) -> str:
        return f"{site.config.prefix(code)}/{site.config.languages[code].search}/"

    # The page itself never changes, but what it finds does, with every release.
    return Output(path=path(lang), template="search.html", lang=lang, origin=f"search page ({lang})",
                  context={}, translations=_every_language(site, path), lastmod=site.newest(lang))


def _statistics(site: Site, lang: str, views: Mapping[tuple[str, str], DatasetView]) -> Iterator[Output]:
    """The catalogue of datasets, and one page per dataset."""
    config = site.config
    entries = sorted((view for (code, _), view in views.items() if code == lang), key=lambda v: v.title.casefold())
    if not entries:
        return
    updated = {v.dataset.name: datetime.combine(v.dataset.meta.updated, time(), config.zone) for v in entries}
    yield Output(path=config.statistics_path(lang), template="statistics.html", lang=lang,
                 origin=f"statistics ({lang})", context={"datasets": entries},
                 translations=_every_language(site, config.statistics_path), lastmod=max(updated.values()))
    for view in entries:
        name = view.dataset.name
        yield Output(path=view.path, template="dataset.html", lang=lang, origin=view.dataset.descriptor_file,
                     context={"dataset": view, "citing": site.citing(name, lang), "has_charts": bool(view.charts)},
                     translations=_every_language(site, lambda code, name=name: config.dataset_path(code, name)),
                     lastmod=updated[name])
        for chart_name, chart in view.named:  # embed pages (issue 15): noindex, not in the sitemap
            yield Output(path=embed_path(config, lang, name, chart_name), template="embed.html", lang=lang,
                         origin=view.dataset.descriptor_file, context={"chart": chart, "dataset": view},
                         lastmod=updated[name])


def _check_aliases(site: Site, outputs: list[Output]) -> None:
    """An old URL may not take the place of a page the site publishes."""
    taken = {o.path: o.origin for o in outputs}
    problems = [
        Problem(page.source, page.key_lines.get("aliases"),
                tr("has the alias {alias}, which is the {taken}; change or remove the alias",
                   alias=normalize_alias(alias), taken=taken[normalize_alias(alias)]))
        for page in site.pages for alias in page.aliases if normalize_alias(alias) in taken
    ]
    raise_if_any(problems)


def _aliases(site: Site) -> Iterator[Output]:
    for page in site.pages:
        for alias in page.aliases:
            yield Output(path=normalize_alias(alias), template="alias.html", lang=page.lang,
                         origin=f"{page.source} (aliases)", context={"target": page})
