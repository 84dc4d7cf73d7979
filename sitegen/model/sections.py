"""The site's sections as Hugo has them: at any depth, each with its list, per language.

A part of `Site` (site.py), kept apart to keep that file short: `Site` inherits these methods,
which read its pages, its `_index` pages and its translations.
"""

from __future__ import annotations

from typing import Any

from sitegen.model.urls import STANDALONE_SECTIONS, section_path


class SectionLists:
    """Which sections have lists, where, and which are above and below each (a part of Site)."""

    config: Any  # Site's fields and methods these read
    pages: tuple[Any, ...]
    section_indexes: dict[tuple[str, str], Any]
    _once: Any
    articles: Any
    in_section: Any
    translations_of: Any

    def listed(self, lang: str, section: str) -> list[Any]:
        """What a section's list shows: its articles, else (an undated section) its pages."""
        articles = self.articles(lang, section)
        if articles or section in STANDALONE_SECTIONS:
            return articles
        return [p for p in self.in_section(lang).get(section, ()) if p.build.list != "never"]

    def section_tree(self, lang: str) -> list[str]:
        """Every section with a list of its own in a language, as Hugo has them: those with an
        `_index` or pages in that language, and the top-level sections above them; not content/
        and content/pages/ (`content/program/_index.id.md` alone: no English list)."""
        def tree() -> list[str]:
            found = {section for section in (*(p.section for p in self.pages if p.lang == lang),
                                             *(s for code, s in self.section_indexes if code == lang))
                     if section not in STANDALONE_SECTIONS}
            return sorted(found | {s.partition("/")[0] for s in found})
        return list(self._once(("section tree", lang), tree))

    def section_versions(self, lang: str, section: str) -> dict[str, str]:
        """language -> the list of a section in each language that has it, and those its
        `_index` is a translation of (a `translationKey` may pair `program` with `programmes`)."""
        versions = {code: self.section_url(code, section) for code in self.config.language_codes
                    if section in self.section_tree(code)}
        index = self.section_indexes.get((lang, section))
        if index is not None:
            versions.update({code: page.path for code, page in self.translations_of(index).items()})
        return {code: versions[code] for code in self.config.language_codes if code in versions}

    def section_url(self, lang: str, section: str) -> str:
        """Where a section's list is: "/berita/", "/en/archives/2011/08/"; an `_index` may move it."""
        index = self.section_indexes.get((lang, section))
        return index.path if index is not None else section_path(self.config, lang, section)

    def subsections(self, lang: str, section: str) -> list[str]:
        """The sections directly below one (nearest: `archives/2011/08` is below `archives` when
        `archives/2011` is no section)."""
        tree = self.section_tree(lang)
        below = [s for s in tree if s.startswith(section + "/")]
        return [s for s in below if not any(s.startswith(other + "/") for other in below)]

    def parents(self, lang: str, section: str) -> list[str]:
        """The sections above one, the top-level first."""
        tree = set(self.section_tree(lang))
        parts = section.split("/")
        return [p for p in ("/".join(parts[:n]) for n in range(1, len(parts))) if p in tree]
