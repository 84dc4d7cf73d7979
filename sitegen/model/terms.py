"""Taxonomy terms' own pages, and which term is the same term in another language.

As in Hugo, `content/<taxonomy>/<term>/_index.md` gives a term's page its title and text
(`content/authors/budi/_index.md` for the author "Budi") and `content/<taxonomy>/_index.md`
the list of all terms its own. The folder is the taxonomy's name, as in Hugo; the page is
published at the term's URL, which a language may rename (`taxonomies = { categories =
"kategori" }`).

A term's version in another language is, in order: the term whose `_index` page is a
translation of its own (same translationKey, or the same folder); the term of the same name
(a tag "Hong Kong" in both languages); these two are Hugo's translations, named in `hreflang`.
The language switch, failing those, also takes the term that the translations of its releases
carry most, the same place in their list first ("Penempatan" and "Placement" when the
translated releases are filed under them), if that holds both ways; a guess, however good, is
not named to search engines as a translation.
Where none is found, the language switch goes to the other language's list of terms.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from sitegen.source.config import Config
from sitegen.source.permalinks import url_segment

# site.py's classes: that module uses this one, and the package allows no import cycle, not even
# one for type checking only (tests/test_layout.py).
Page = Any
Site = Any
Term = Any


@dataclass(frozen=True)
class TaxonomyPages:
    """The `_index` pages found below content/<taxonomy>/, each at its term's URL."""

    terms: dict[tuple[str, str, str], Page]  # (lang, taxonomy, term slug) -> the term's page
    overviews: dict[tuple[str, str], Page]  # (lang, taxonomy) -> the page of the list of terms


@lru_cache(maxsize=4096)
def slug_of(name: str) -> str:
    """A term's URL segment as Hugo makes it: "Hong Kong" -> "hong-kong", "budi_santoso" stays
    (slugify is slow, and terms repeat)."""
    return url_segment(name, each_space=True) or "-"


def split_taxonomy_pages(config: Config, pages: list[Page]) -> tuple[list[Page], TaxonomyPages]:
    """The pages that are not taxonomy `_index` pages, and those that are, placed at their URLs."""
    rest: list[Page] = []
    found = TaxonomyPages({}, {})
    for page in pages:
        taxonomy, _, term = page.section.partition("/")
        if page.kind != "section" or taxonomy not in config.taxonomies or "/" in term:
            rest.append(page)
            continue
        base = f"{config.prefix(page.lang)}/{config.taxonomy_path(page.lang, taxonomy)}/"
        if not term:
            found.overviews[(page.lang, taxonomy)] = replace(page, path=base)
            continue
        slug = slug_of(term)
        found.terms[(page.lang, taxonomy, slug)] = replace(page, path=f"{base}{slug}/")
    return rest, found


def term_versions(site: Site, term: Term) -> tuple[dict[str, str], dict[str, str]]:
    """The term's versions in each language that has one, as language -> path (its own too):
    first those Hugo calls translations (`_index` pages that are translations, or the same
    name), for `hreflang`; then those and the terms found through translated releases, for
    the language switch (not in `hreflang`, since no author said they are the same)."""
    translations = {term.lang: term.path}
    matches = {term.lang: term.path}
    for code in site.config.language_codes:
        if code == term.lang:
            continue
        others = _by_slug(site, code, term.taxonomy)
        match = _by_index(site, term, code, others) or others.get(term.slug)
        if match is not None:
            translations[code] = matches[code] = match.path
        elif (found := _by_releases(site, term, code)) is not None:
            matches[code] = found.path
    order = site.config.language_codes
    return ({code: translations[code] for code in order if code in translations},
            {code: matches[code] for code in order if code in matches})


def _by_slug(site: Site, lang: str, taxonomy: str) -> dict[str, Term]:
    """A language's terms of a taxonomy by slug, worked out once per build (asked for each term)."""
    return site._once(("terms by slug", lang, taxonomy),  # the model's own cache
                      lambda: {term.slug: term for term in site.terms(lang, taxonomy)})


def _by_index(site: Site, term: Term, code: str, others: dict[str, Term]) -> Term | None:
    if term.index is None:
        return None
    version = site.translations_of(term.index).get(code)
    return next((other for other in others.values() if other.index is not None and other.index is version), None)


def _by_releases(site: Site, term: Term, code: str) -> Term | None:
    """The term the translations of the term's releases carry most, if that term's releases'
    translations carry this one most too: "penempatan" is not "coordination meeting" because
    one release has both, when that release's "rakornis" is its better match."""
    match = _most_carried(site, term, code)
    back = _most_carried(site, match, term.lang) if match is not None else None
    if back is None or back.slug != term.slug:
        return None
    return match


def _most_carried(site: Site, term: Term, code: str) -> Term | None:
    """The term of another language that the translations of a term's releases carry most;
    the same place in their list first. Once per term and language a build: each term asks it
    for itself, and again for the terms it matches (the way back)."""
    return site._once(("most carried", term.lang, term.taxonomy, term.slug, code),  # a term is one per slug
                      lambda: _count_carried(site, term, code))


def _count_carried(site: Site, term: Term, code: str) -> Term | None:
    others = _by_slug(site, code, term.taxonomy)
    votes: dict[str, int] = {}  # plain dicts: a Counter's update costs several times as much per page
    in_place: dict[str, int] = {}
    for page in term.pages:
        version = site.translations_of(page).get(code)
        if version is None:
            continue
        mine, theirs = _slugs(site, page, term.taxonomy), _slugs(site, version, term.taxonomy)
        for slug in set(theirs):
            votes[slug] = votes.get(slug, 0) + 1
        if term.slug in mine and mine.index(term.slug) < len(theirs):
            slug = theirs[mine.index(term.slug)]
            in_place[slug] = in_place.get(slug, 0) + 1
    ranked = sorted((slug for slug in votes if slug in others),
                    key=lambda s: (-in_place.get(s, 0), -votes[s], s))
    return others[ranked[0]] if ranked else None


def _slugs(site: Site, page: Page, taxonomy: str) -> list[str]:
    """A page's terms of a taxonomy as slugs, worked out once per build (asked for by each of its terms)."""
    known: dict[Page, list[str]] = site._once(("slugs", taxonomy), dict)
    if page not in known:
        known[page] = [slug_of(name) for name in page.terms_of(taxonomy)]
    return known[page]
