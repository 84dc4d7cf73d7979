"""A page's terms in every taxonomy the site configures, read from its front matter.

`categories` and `tags` are fields of the front matter; any other configured taxonomy
(`taxonomies = ["categories", "tags", "authors", "series"]`) is read here from the key of the
same name, without regard to case as Hugo reads keys (`Authors:` is `authors:`), checked as
categories are: a list of text, or one text, with its line named when it is neither.
"""

from __future__ import annotations

from typing import Any

from sitegen.core.errors import Problem, SitegenError
from sitegen.core.limits import TERMS_PER_PAGE
from sitegen.core.messages import tr
from sitegen.source.frontmatter import FrontMatter, _texts

BUILT_IN = ("categories", "tags")  # fields of FrontMatter; others come from `params`


class UnknownTaxonomyError(ValueError):
    """A template (or code) asked for a taxonomy the site does not configure."""

    def __init__(self, taxonomy: str, known: tuple[str, ...] | list[str]) -> None:
        super().__init__(tr('unknown taxonomy "{taxonomy}"; the site\'s taxonomies are {known} '
                            "(taxonomies = [...] in sitegen.toml)",
                            taxonomy=taxonomy, known=", ".join(known) or "none"))


def read_terms(path: str, meta: FrontMatter, lines: dict[str, int],
               taxonomies: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """taxonomy -> the page's terms in it, for every configured taxonomy; SitegenError naming
    the file and line of a value that is not a list of text, or of terms past the limit."""
    terms: dict[str, tuple[str, ...]] = {}
    problems: list[Problem] = []
    for taxonomy in taxonomies:
        if taxonomy in BUILT_IN:
            terms[taxonomy] = getattr(meta, taxonomy)
            continue
        written = [key for key in meta.params if key.casefold() == taxonomy.casefold()]
        if len(written) > 1:
            problems.append(Problem(path, lines.get(written[1]), tr(
                'front matter "{key}": given twice (also as "{other}"); keep one', key=written[1], other=written[0])))
            continue
        terms[taxonomy] = _read(path, written[0], meta.params[written[0]], lines, problems) if written else ()
    problems += _too_many(path, terms, lines)
    if problems:
        raise SitegenError(problems)
    return terms


def _read(path: str, key: str, value: Any, lines: dict[str, int], problems: list[Problem]) -> tuple[str, ...]:
    if value is None:
        return ()
    try:
        return _texts(value, None)  # type: ignore[arg-type]  # the zone is not needed for text
    except ValueError as error:
        problems.append(Problem(path, lines.get(key), tr('front matter "{key}": {error}', key=key, error=error)))
        return ()


def _too_many(path: str, terms: dict[str, tuple[str, ...]], lines: dict[str, int]) -> list[Problem]:
    """Categories and tags are counted by the front matter already; here, with the others."""
    extra = [taxonomy for taxonomy in terms if taxonomy not in BUILT_IN and terms[taxonomy]]
    count = sum(len(values) for values in terms.values())
    if not extra or count <= TERMS_PER_PAGE:
        return []
    key = extra[-1]
    line = next((at for written, at in lines.items() if written.casefold() == key.casefold()), None)
    return [Problem(path, line, tr('front matter "{key}": {count} terms in all taxonomies together; a page '
                                   "may have up to {limit}: keep those a reader would look for",
                                   key=key, count=format(count, ","), limit=TERMS_PER_PAGE))]
