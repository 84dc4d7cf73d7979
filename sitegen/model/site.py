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
from functools import cached_property, lru_cache
from itertools import groupby
from typing import Any

from slugify import slugify

from sitegen.core.errors import Problem, SitegenError, raise_if_any
from sitegen.core.messages import tr
from sitegen.data.datasets import Dataset
from sitegen.source.config import Config
from sitegen.source.content import SourceFile
from sitegen.source.frontmatter import FrontMatter, parse_source

STANDALONE_SECTIONS = ("pages", "")  # content/pages/ and content/ itself: /<slug>/ pages


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

    # A page is one place on the site: identity, not field-by-field equality (its `params`
    # mapping would make a field hash fail anyway).
    __eq__ = object.__eq__
    __hash__ = object.__hash__

    @cached_property  # asked for hundreds of thousands of times per build, by every list
    def is_article(self) -> bool:
        return self.kind == "article"


def place_pages(config: Config, sources: Iterable[SourceFile], options: PublishOptions,
                known: dict[SourceFile, Page] | None = None) -> list[Page]:
    """Parse every source and keep those to publish, each at its URL; collect all problems.

    `known` maps sources parsed before to their pages, and gets the new ones (memory.py).
    """
    problems: list[Problem] = []
    pages: list[Page] = []
    known = {} if known is None else known
    for source in sources:
        try:
            page = known.get(source) or known.setdefault(source, _page(config, source))
        except SitegenError as error:
            problems.extend(error.problems)
            continue
        if is_published(page, options):
            pages.append(page)
    raise_if_any(problems)
    check_unique_paths(pages)
    return pages


def _page(config: Config, source: SourceFile) -> Page:
    parsed = parse_source(
        source.path, source.text, config.zone, needs_date=not source.is_section_index
    )
    meta = parsed.meta
    kind = _kind(source)
    slug = _slug(source, meta)
    return Page(
        **{name: getattr(meta, name) for name in FrontMatter.__dataclass_fields__
           if name != "translation_key"},
        kind=kind,
        section=source.section,
        lang=source.lang,
        source=source.path,
        translation_key=meta.translation_key or f"{source.section}/{source.name}",
        path=_path(config, source, kind, slug),
        body=parsed.body,
        body_line=parsed.body_line,
        key_lines=parsed.key_lines,
        bundle_dir=source.bundle_dir,
        resources=source.resources,
    )


def _kind(source: SourceFile) -> str:
    if source.is_section_index:
        return "section"
    return "page" if source.section in STANDALONE_SECTIONS else "article"


def _slug(source: SourceFile, meta: FrontMatter) -> str:
    slug = slugify(meta.slug or source.name)
    if not slug:
        raise SitegenError([Problem(source.path, None, tr("cannot make a URL from this name; set 'slug:'"))])
    return slug


def _path(config: Config, source: SourceFile, kind: str, slug: str) -> str:
    prefix = config.prefix(source.lang)
    if kind == "section":
        if not source.section:
            return f"{prefix}/"
        return f"{prefix}/{config.section_path(source.lang, source.section)}/"
    if kind == "page":
        return f"{prefix}/{slug}/"
    return f"{prefix}/{config.section_path(source.lang, source.section)}/{slug}/"


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
        claims = [(page.path, "slug")] + [(normalize_alias(a), "aliases") for a in page.aliases]
        for path, key in claims:
            first = owners.setdefault(path, page)
            if first is not page:
                message = (tr("is published at {path}, which is also the URL of {file}; give one of them another "
                              "'slug:'", path=path, file=first.source) if key == "slug" else
                           tr("has the alias {path}, which is also the URL of {file}; change or remove the alias",
                              path=path, file=first.source))
                problems.append(Problem(page.source, page.key_lines.get(key), message))
    raise_if_any(problems)


def normalize_alias(alias: str) -> str:
    """An alias is a site path; `berita/lama` and `/berita/lama/` mean the same page."""
    alias = "/" + alias.strip().lstrip("/")
    return alias if alias.endswith((".html", "/")) else alias + "/"


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
    """One category or tag in one language, with the articles that carry it."""

    taxonomy: str
    lang: str
    name: str
    slug: str
    path: str
    pages: tuple[Page, ...]


@dataclass(frozen=True)
class Year:
    lang: str
    year: int
    path: str
    pages: tuple[Page, ...]


@dataclass(frozen=True)
class Site:
    """Everything rendering needs, all languages at once."""

    config: Config
    pages: tuple[Page, ...]  # articles and standalone pages
    translations: dict[str, dict[str, Page]]  # translation key -> {language: page}, in language order
    section_indexes: dict[tuple[str, str], Page]  # (lang, section) -> its _index page
    by_source: dict[str, Page]
    datasets: dict[str, Dataset] = field(default_factory=dict)
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
        """A language's articles, newest first."""
        if section is not None:
            return list(self._once(("articles", lang, section), lambda: [
                p for p in self.in_section(lang).get(section, ()) if p.is_article]))
        return list(self._once(("articles", lang), lambda: [p for p in self.pages if p.is_article and p.lang == lang]))

    def newest(self, lang: str) -> datetime | None:
        """When the language's newest change was: the lastmod of its home page, archive and search."""
        return self._once(("newest", lang), lambda: max((p.lastmod or p.date for p in self.articles(lang)),
                                                         default=None))

    def sections(self, lang: str) -> list[str]:
        """The sections that have articles in a language."""
        return [section for section, pages in self.in_section(lang).items() if any(p.is_article for p in pages)]

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
        """Every term of a taxonomy in a language, by name; terms that slugify alike are one."""
        return list(self._once(("terms", lang, taxonomy), lambda: self._terms(lang, taxonomy)))

    def _terms(self, lang: str, taxonomy: str) -> list[Term]:
        names: dict[str, str] = {}  # slug -> the name it was first written as
        pages: dict[str, list[Page]] = defaultdict(list)
        for page in self.articles(lang):
            for name in getattr(page, taxonomy):
                slug = slug_of(name)
                names.setdefault(slug, name)
                listed = pages[slug]
                if not listed or listed[-1] is not page:  # "HK" and "hk" on one page: listed once
                    listed.append(page)
        terms = [Term(taxonomy, lang, names[slug], slug, self.term_path(lang, taxonomy, slug), tuple(listed))
                 for slug, listed in pages.items()]
        return sorted(terms, key=lambda t: (t.name.casefold(), t.slug))

    def term_path(self, lang: str, taxonomy: str, name: str) -> str:
        """Where a term's list is: "/kategori/penempatan/"."""
        base = f"{self.config.prefix(lang)}/{self.config.taxonomy_path(lang, taxonomy)}"
        return f"{base}/{slug_of(name)}/"

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


@lru_cache(maxsize=4096)
def slug_of(name: str) -> str:
    """A term's URL segment: "Hong Kong" -> "hong-kong" (slugify is slow, and terms repeat)."""
    return slugify(name) or "-"


def assemble_site(config: Config, pages: list[Page], datasets: dict[str, Dataset] | None = None) -> Site:
    """The model, from rendered pages: lists sorted newest first, section pages set apart."""
    ordered = sorted(pages, key=lambda p: (-p.date.timestamp(), p.weight, p.source))
    content = tuple(p for p in ordered if p.kind != "section")
    indexes = {(p.lang, p.section): p for p in ordered if p.kind == "section"}
    return Site(
        config=config,
        pages=content,
        translations={key: {code: versions[code] for code in config.language_codes if code in versions}
                      for key, versions in group_translations(pages).items()},
        section_indexes=indexes,
        by_source={p.source: p for p in pages},
        datasets=datasets or {},
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
