"""What each page is rendered from, as values: compared as objects by the preview, and as
fingerprints (digests of a canonical form) by `sitegen build` from one run to the next.

A page's *token* is its planned `Output` (template, values, pagers, lists) with what its <head>
and switcher add: its share image and the home page's, its lead photo, its translations, the
datasets it cites, and in the preview whether it is not yet due. What every page shows (the
templates, config, sections, section intros, feeds) is the *shared* token.

`sitegen serve` keeps its site in memory and hands back unchanged pages as the same objects,
so equal tokens there are cheap to find (session.py). A new `sitegen build` process has no such
memory: `Fingerprints` writes each token out canonically, pages as digests of their fields,
datasets as digests of their descriptor and typed rows, and hashes it. A value without a
canonical form leaves a page without one: it is rendered every time.
"""

from __future__ import annotations

import hashlib
from dataclasses import fields, is_dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any

from sitegen.data.datasets import Dataset
from sitegen.model.digest import page_digest
from sitegen.model.site import Page, Pager, Site, Term
from sitegen.pages.plan import Output
from sitegen.source.templates import TemplateEnvironment

TERM_PAGES = r"term\s*\.\s*pages"  # a term template reading all of its term's releases


def shared_token(env: TemplateEnvironment, site: Site, feeds: Any) -> tuple[Any, ...]:
    """What every page shows, beside its own values: templates, config, and `shared_values`."""
    return (env, site.config, *shared_values(site, feeds))


def shared_values(site: Site, feeds: Any) -> tuple[Any, ...]:
    """The sections in the menu, their intros, and which feeds there are (linked from every <head>)."""
    return (tuple(tuple(site.sections(code)) for code in site.config.language_codes),
            tuple(site.section_indexes.items()), tuple(feeds))


def light_terms(env: TemplateEnvironment) -> bool:
    """Whether term pages show only their pager's releases (then a term stands for itself by name)."""
    return not env.mentions("term.html", TERM_PAGES)


def page_token(site: Site, extras: Any, output: Output, light: bool) -> tuple[Any, ...]:
    """The planned output, and what its page shows besides: <head> values, translations, data, marks.

    A term's page shows one page of its releases, which its pager holds; unless its template
    reads the term's whole list (`term.pages`), the term stands for itself by name and count, so
    that an edited release does not re-render all 300 pages of its category.
    """
    context = output.context
    page = context.get("page")
    planned: Any = output
    if light and output.template == "term.html" and (term := context.get("term")) is not None:
        planned = (output.path, output.translations, output.fallbacks, output.lastmod, context["pager"],
                   _term_summary(term))
    versions = tuple(site.translations_of(page).values()) if page is not None else ()
    cited = tuple(site.datasets.get(name) for name in page.datasets) if page is not None else ()
    due = (page.publish_date or page.date) > extras.preview_now if page and extras.preview_now else None
    return (planned, extras.images.get(output.path), extras.images.get(site.home_path(output.lang)),
            extras.lead_pictures.get(output.path), versions, cited, due, _thumbnails(extras, context))


def _thumbnails(extras: Any, context: dict[str, Any]) -> tuple[Any, ...]:
    """The photos of the releases a page shows as thumbnails (a list's, the featured one, related
    or citing releases): a page shows a photo's sizes, which change when the photo does."""
    shown: list[Page] = []
    for value in context.values():
        items = value.items if isinstance(value, Pager) else value
        if isinstance(items, Page):
            shown.append(items)
        elif isinstance(items, list | tuple):
            shown += [item for item in items if isinstance(item, Page)]
    return tuple(extras.lead_pictures.get(page.path) for page in shown)


def _term_summary(term: Term) -> tuple[Any, ...]:
    return (term.taxonomy, term.lang, term.name, term.slug, term.path, len(term.pages), term.index)


_PLAIN = {str, int, float, bool, type(None), date, datetime}


@cache
def _fields_of(kind: type) -> tuple[str, ...] | None:
    """A dataclass's field names; None for any other kind (and for a dataset, written as its digest)."""
    if not is_dataclass(kind) or issubclass(kind, Dataset):
        return None
    return tuple(field.name for field in fields(kind))


class NoCanonicalFormError(Exception):
    """A value a fingerprint cannot stand for; its page is rendered every time."""


class Fingerprints:
    """Digests of tokens; each page's digest is worked out once per build."""

    def __init__(self, shared: str) -> None:
        self.shared = shared  # the digest of what every page shows
        self._pages: dict[int, str] = {}

    def of(self, token: Any) -> str | None:
        """The token's digest, or None if it holds a value without a canonical form."""
        parts = [self.shared]
        try:
            self._write(token, parts)
        except NoCanonicalFormError:
            return None
        # SHA-256 (cut to 128 bits): the processors' SHA instructions hash a release's HTML, which its
        # token holds, three times as fast as BLAKE2 (model/digest.py).
        return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:32]

    def _write(self, value: Any, parts: list[str]) -> None:
        kind = type(value)
        if kind in _PLAIN:
            parts.append(repr(value))
        elif kind is Page:
            parts.append(self._pages.get(id(value)) or self._page(value))
        elif kind is list or kind is tuple:
            parts.append("[")
            for item in value:
                if type(item) is Page:  # lists of releases: by far the commonest item, written without a call
                    parts.append(self._pages.get(id(item)) or self._page(item))
                else:
                    self._write(item, parts)
            parts.append("]")
        elif kind is dict:
            parts.append("{")
            for key, item in value.items():
                self._write(key, parts)
                self._write(item, parts)
            parts.append("}")
        elif kind is Dataset:
            parts.append(value.digest)
        elif (names := _fields_of(kind)) is not None:
            parts.append(kind.__name__ + "(")
            for name in names:
                self._write(getattr(value, name), parts)
            parts.append(")")
        elif isinstance(value, str):  # Markup (a page's HTML, again): its type and length, then the text as it is
            parts.append(f"{kind.__name__} {len(value)}:")
            parts.append(value)
        elif isinstance(value, (int, float, date, Path)):  # other subclasses
            parts.append(repr(value))
        else:  # a value of unknown make: what it shows cannot be told
            raise NoCanonicalFormError(kind.__name__)

    def _page(self, page: Page) -> str:
        # Found by id: the site holds every page for the whole build, so ids stay unique.
        digest = self._pages[id(page)] = page_digest(page)
        return digest
