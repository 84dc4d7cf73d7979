"""The whole-site model, built before anything is rendered.

Pages are frozen; the functions here are pure. They place every page at its URL, drop what is
not to be published, group translations, and derive the lists: sections, taxonomy terms,
yearly archives. Language switchers, lists and (later) feeds all read the same model.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from itertools import groupby
from typing import Any

from sitegen.core.errors import Problem, SitegenError, raise_if_any
from sitegen.core.messages import tr
from sitegen.data.datasets import Dataset
from sitegen.model.sections import SectionLists
from sitegen.model.terms import TaxonomyPages, slug_of, split_taxonomy_pages, term_versions
from sitegen.model.urls import alias_path, normalize_alias, page_kind, page_path
from sitegen.source.config import Config
from sitegen.source.content import SourceFile
from sitegen.source.frontmatter import FrontMatter, ParsedSource, parse_source
from sitegen.source.pageoptions import HEADLESS
from sitegen.source.taxonomies import BUILT_IN, UnknownTaxonomyError, read_terms

Parser = Callable[..., ParsedSource]  # parse_source(path, text, zone, needs_date=...), or a cache of it


@dataclass(frozen=True)
class PublishOptions:
    """What to publish besides the finished, current releases."""

    now: datetime
    drafts: bool = False
    future: bool = False
    expired: bool = False


@dataclass(frozen=True, kw_only=True, eq=False)
class Page(FrontMatter):
    """One published content file in one language, with its place on the site."""

    kind: str  # "article" (a section's entry), "page" (standalone), "section" (an _index)
    section: str
    lang: str
    source: str
    translation_key: str  # type: ignore[assignment]  # always set here, unlike front matter
    path: str  # where it is served, from the site's root: "/berita/slug/"
    body: str
    body_line: int
    key_lines: dict[str, int] = field(default_factory=dict)
    bundle_dir: str | None = None
    resources: tuple[str, ...] = ()
    content: str = ""  # the body as HTML, once rendered
    toc: str = ""
    description: str = ""  # the summary as plain text, for lists and meta tags
    datasets: tuple[str, ...] = ()  # names of the datasets its figures and charts come from
    taxonomy_terms: dict[str, tuple[str, ...]] = field(default_factory=dict)  # every configured taxonomy's

    # A page is one place on the site: identity, not field-by-field equality (its `params`
    # mapping would make a field hash fail anyway).
    __eq__ = object.__eq__
    __hash__ = object.__hash__

    @cached_property  # asked for hundreds of thousands of times per build, by every list
    def is_article(self) -> bool:
        return self.kind == "article"

    def terms_of(self, taxonomy: str) -> tuple[str, ...]:
        """The page's terms in a configured taxonomy; UnknownTaxonomyError (a clear message) for another."""
        terms = self.taxonomy_terms.get(taxonomy)
        if terms is not None:
            return terms
        if taxonomy in BUILT_IN:  # fields of every page, configured or not
            return getattr(self, taxonomy)  # type: ignore[no-any-return]
        raise UnknownTaxonomyError(taxonomy, list(self.taxonomy_terms) or BUILT_IN)

    def __getattr__(self, name: str) -> tuple[str, ...]:
        """`page.authors` as `page.categories`: any configured taxonomy reads as a field (templates)."""
        terms = self.__dict__.get("taxonomy_terms") if not name.startswith("_") else None
        if terms is None or name not in terms:
            raise AttributeError(name)
        return terms[name]


def place_pages(config: Config, sources: Iterable[SourceFile], options: PublishOptions,
                known: dict[SourceFile, Page] | None = None, parse: Parser = parse_source) -> list[Page]:
    """Parse every source and keep those to publish, each at its URL; collect all problems.

    `known` maps sources parsed before to their pages, and gets the new ones (memory.py);
    `parse` is parse_source, or a cache of its results (incremental/frontcache.py).
    """
    problems: list[Problem] = []
    pages: list[Page] = []
    known = {} if known is None else known
    for source in sources:
        try:
            page = known.get(source) or known.setdefault(source, _page(config, source, parse))
        except SitegenError as error:
            problems.extend(error.problems)
            continue
        if is_published(page, options):
            pages.append(page)
    raise_if_any(problems)
    check_unique_paths(pages)
    return pages


def _page(config: Config, source: SourceFile, parse: Parser = parse_source) -> Page:
    kind = page_kind(config, source)
    parsed = parse(source.path, source.text, config.zone, needs_date=kind == "article")
    meta = parsed.meta
    return Page(
        **{name: getattr(meta, name) for name in FrontMatter.__dataclass_fields__
           if name not in ("translation_key", "build", "aliases")},
        build=HEADLESS if meta.headless else meta.build,
        aliases=tuple(alias_path(config, source.lang, alias) for alias in meta.aliases),
        kind=kind,
        section=source.section,
        lang=source.lang,
        source=source.path,
        translation_key=meta.translation_key or _translation_key(source),
        path=page_path(config, source, meta, kind),
        body=parsed.body,
        body_line=parsed.body_line,
        key_lines=parsed.key_lines,
        bundle_dir=source.bundle_dir,
        resources=source.resources,
        taxonomy_terms=read_terms(source.path, meta, parsed.key_lines, config.taxonomies),
    )


def _translation_key(source: SourceFile) -> str:
    """Hugo pairs translations by path: `news/x` for `news/x/index.id.md` and `news/x.en.md`."""
    if source.is_section_index or source.folder in (source.section, ""):
        return f"{source.section}/{source.name}"
    return f"{source.folder}/{source.name}"  # a folder below its section: content/docs/guide/x.md


def is_published(page: Page, options: PublishOptions) -> bool:
    """Hugo's rules: drafts, future-dated and expired pages only when asked for."""
    draft = page.draft and not options.drafts
    future = (page.publish_date or page.date) > options.now and not options.future
    expired = page.expiry_date is not None and page.expiry_date <= options.now and not options.expired
    return not (draft or future or expired)


def check_unique_paths(pages: Iterable[Page]) -> None:
    """Two files that would be written to one URL: name both, since either may be the mistake."""
    owners: dict[str, Page] = {}
    problems: list[Problem] = []
    for page in pages:
        # `slug:` moves a page, not a section's list (Hugo ignores it in an _index): `url:` moves both.
        own = "url" if page.url or page.kind == "section" else "slug"
        claims = [(page.path, own)] + [(normalize_alias(a), "aliases") for a in page.aliases]
        for path, key in claims:
            first = owners.setdefault(path, page)
            if first is not page:
                message = (tr("is published at {path}, which is also the URL of {file}; give one of them another "
                              "'{key}:'", path=path, file=first.source, key=key) if key != "aliases" else
                           tr("has the alias {path}, which is also the URL of {file}; change or remove the alias",
                              path=path, file=first.source))
                problems.append(Problem(page.source, page.key_lines.get(key), message))
    raise_if_any(problems)


def group_translations(pages: Iterable[Page]) -> dict[str, dict[str, Page]]:
    """translation key -> {language: page}; two pages of one language under one key is a mistake."""
    groups: dict[str, dict[str, Page]] = defaultdict(dict)
    problems: list[Problem] = []
    for page in pages:
        first = groups[page.translation_key].setdefault(page.lang, page)
        if first is not page:
            problems.append(
                Problem(page.source, page.key_lines.get("translationKey"),
                        tr('is a second "{lang}" version of "{key}" beside {file}; give it its own translationKey',
                           lang=page.lang, key=page.translation_key, file=first.source))
            )
    raise_if_any(problems)
    return dict(groups)


# --- Lists derived from the pages -------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    """One term of a taxonomy (a category, a tag, an author) in one language, with the pages
    that carry it, newest first, and its own `_index` page if it has one (terms.py)."""

    taxonomy: str
    lang: str
    name: str
    slug: str
    path: str
    pages: tuple[Page, ...]
    index: Page | None = None

    @property
    def title(self) -> str:
        """What the term is called on its page: its `_index` page's title, else its name."""
        return self.index.title if self.index is not None else self.name


@dataclass(frozen=True)
class Year:
    lang: str
    year: int
    path: str
    pages: tuple[Page, ...]


@dataclass(frozen=True)
class Site(SectionLists):
    """Everything rendering needs, all languages at once (its sections' lists: sections.py)."""

    config: Config
    pages: tuple[Page, ...]  # articles and standalone pages
    translations: dict[str, dict[str, Page]]  # translation key -> {language: page}, in language order
    section_indexes: dict[tuple[str, str], Page]  # (lang, section) -> its _index page
    by_source: dict[str, Page]
    datasets: dict[str, Dataset] = field(default_factory=dict)
    taxonomy_pages: TaxonomyPages = field(default_factory=lambda: TaxonomyPages({}, {}))
    # Lists asked for by many pages, worked out once (the site is frozen, so they cannot go stale).
    _lists: dict[tuple[Any, ...], Any] = field(default_factory=dict, compare=False, repr=False)

    def _once(self, key: tuple[Any, ...], compute: Callable[[], Any]) -> Any:
        if key not in self._lists:
            self._lists[key] = compute()
        return self._lists[key]

    def citing(self, dataset: str, lang: str) -> list[Page]:
        """A language's pages that show figures or charts of a dataset, newest first."""
        return [p for p in self.pages if p.lang == lang and dataset in p.datasets]

    def articles(self, lang: str, section: str | None = None) -> list[Page]:
        """A language's articles, newest first: all of a section's, or those listed site-wide
        (in feeds, archives and on the home page: not those with `build: {list: local}`)."""
        if section is not None:
            return list(self._once(("articles", lang, section), lambda: [
                p for p in self.in_section(lang).get(section, ()) if p.is_article and p.build.list != "never"]))
        return list(self._once(("articles", lang), lambda: [p for p in self.pages if p.is_article and p.lang == lang
                                                             and p.build.list == "always"]))

    def newest(self, lang: str) -> datetime | None:
        """When the language's newest change was: the lastmod of its home page, archive and search."""
        return self._once(("newest", lang), lambda: max((p.lastmod or p.date for p in self.articles(lang)),
                                                         default=None))

    def sections(self, lang: str) -> list[str]:
        """The top-level sections that have articles in a language (in them or in sections inside them)."""
        return sorted({section.partition("/")[0] for section, pages in self.in_section(lang).items()
                       if any(p.is_article for p in pages)})

    def in_section(self, lang: str) -> dict[str, list[Page]]:
        """A language's articles and standalone pages by section, sections in order, newest first."""
        def group() -> dict[str, list[Page]]:
            by_section: dict[str, list[Page]] = defaultdict(list)
            for page in self.pages:
                if page.lang == lang:
                    by_section[page.section].append(page)
            return dict(sorted(by_section.items()))
        return self._once(("in section", lang), group)

    def standalone(self, lang: str) -> list[Page]:
        return [p for p in self.pages if p.kind == "page" and p.lang == lang]

    def translations_of(self, page: Page) -> dict[str, Page]:
        """The page in each language it exists in, in the site's language order (not to be changed)."""
        return self.translations.get(page.translation_key) or {page.lang: page}

    def terms(self, lang: str, taxonomy: str) -> list[Term]:
        """Every term of a taxonomy in a language, by name; terms that slugify alike are one.
        A term with an `_index` page and no pages yet has its page too, as in Hugo."""
        self._check_taxonomy(taxonomy)
        return list(self._once(("terms", lang, taxonomy), lambda: self._terms(lang, taxonomy)))

    def _terms(self, lang: str, taxonomy: str) -> list[Term]:
        names: dict[str, str] = {}  # slug -> the name it was first written as
        pages: dict[str, list[Page]] = defaultdict(list)
        for page in self.pages:  # every listed page carrying the term, as Hugo's term pages
            if page.lang != lang or page.build.list != "always":
                continue
            for name in page.terms_of(taxonomy):
                slug = slug_of(name)
                names.setdefault(slug, name)
                listed = pages[slug]
                if not listed or listed[-1] is not page:  # "HK" and "hk" on one page: listed once
                    listed.append(page)
        indexes = {slug: page for (code, of, slug), page in self.taxonomy_pages.terms.items()
                   if code == lang and of == taxonomy}
        terms = [Term(taxonomy, lang, names.get(slug, slug), slug, self.term_path(lang, taxonomy, slug),
                      tuple(pages.get(slug, ())), indexes.get(slug))
                 for slug in dict.fromkeys([*pages, *indexes])]
        return sorted(terms, key=lambda t: (t.title.casefold(), t.slug))

    def term_path(self, lang: str, taxonomy: str, name: str) -> str:
        """Where a term's list is: "/kategori/penempatan/"."""
        self._check_taxonomy(taxonomy)
        base = f"{self.config.prefix(lang)}/{self.config.taxonomy_path(lang, taxonomy)}"
        return f"{base}/{slug_of(name)}/"

    def term_versions(self, term: Term) -> tuple[dict[str, str], dict[str, str]]:
        """The same term in other languages, language -> path: Hugo's translations (for `hreflang`),
        and those with the terms found through translated releases (for the language switch); terms.py."""
        return self._once(("term versions", term.lang, term.taxonomy, term.slug), lambda: term_versions(self, term))

    def _check_taxonomy(self, taxonomy: str) -> None:
        """A template asking for a taxonomy the site does not have: a clear message, not a crash."""
        if taxonomy not in self.config.taxonomies:
            raise UnknownTaxonomyError(taxonomy, self.config.taxonomies)

    def years(self, lang: str) -> list[Year]:
        """The archive: a language's articles by year of publication, newest year first."""
        return list(self._once(("years", lang), lambda: self._years(lang)))

    def _years(self, lang: str) -> list[Year]:
        base = f"{self.config.prefix(lang)}/{self.config.languages[lang].archive}"
        zone = self.config.zone
        articles = self.articles(lang)  # newest first, so groupby sees each year once
        return [
            Year(lang, year, f"{base}/{year}/", tuple(group))
            for year, group in groupby(articles, key=lambda p: p.date.astimezone(zone).year)
        ]

    def home_path(self, lang: str) -> str:
        return f"{self.config.prefix(lang)}/"


def assemble_site(config: Config, pages: list[Page], datasets: dict[str, Dataset] | None = None) -> Site:
    """The model, from rendered pages: lists sorted newest first, section pages set apart."""
    pages, taxonomy_pages = split_taxonomy_pages(config, pages)  # content/<taxonomy>/…/_index.md
    ordered = sorted(pages, key=lambda p: (-p.date.timestamp(), p.weight, p.source))
    rendered = [p for p in ordered if p.build.rendered]  # headless and `render: never` pages: no page
    content = tuple(p for p in rendered if p.kind != "section")
    indexes = {(p.lang, p.section): p for p in rendered if p.kind == "section"}
    return Site(
        config=config,
        pages=content,
        translations={key: {code: versions[code] for code in config.language_codes if code in versions}
                      for key, versions in group_translations(
                          [*rendered, *taxonomy_pages.terms.values(), *taxonomy_pages.overviews.values()]).items()},
        section_indexes=indexes,
        by_source={p.source: p for p in [*pages, *taxonomy_pages.terms.values(), *taxonomy_pages.overviews.values()]},
        datasets=datasets or {},
        taxonomy_pages=taxonomy_pages,
    )


@dataclass(frozen=True)
class Pager:
    """One page of a paginated list."""

    number: int
    count: int
    items: tuple
    path: str
    first_path: str
    prev_path: str | None
    next_path: str | None


def paginate(items: list, size: int, base: str, segment: str) -> list[Pager]:
    """Hugo's scheme: the first page at `base`, then `base/<segment>/2/` and on."""
    chunks = [tuple(items[i : i + size]) for i in range(0, len(items), size)] or [()]
    paths = [base if n == 1 else f"{base}{segment}/{n}/" for n in range(1, len(chunks) + 1)]
    return [
        Pager(
            number=n + 1,
            count=len(chunks),
            items=chunk,
            path=paths[n],
            first_path=base,
            prev_path=paths[n - 1] if n > 0 else None,
            next_path=paths[n + 1] if n + 1 < len(chunks) else None,
        )
        for n, chunk in enumerate(chunks)
    ]
