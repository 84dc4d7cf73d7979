"""`sitegen check`: everything the build checks, without writing a file, and what it only warns of.

Errors are what stops a build. Warnings are what a reader would notice: a link to a heading that
is not there, a translation older than its original, a title longer than a search result shows,
a date years ahead. Notices are worth knowing but often meant: a release not (yet) translated.
`--strict` (and `sitegen build --strict`) turns warnings into errors, for CI.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import groupby

from sitegen.commands.prepare import BuildOptions, Prepared, prepare
from sitegen.core.errors import Problem, SitegenError, raise_if_any
from sitegen.markdown.convert import OMITTED
from sitegen.model.site import Page, Site
from sitegen.pages.render import render

SEVERITIES = ("error", "warning", "notice")
HREF = re.compile(r'href="([^"]*)"')
ID = re.compile(r'\bid="([^"]+)"')
RAW_TAG = re.compile(r"<[A-Za-z!/?]")  # where raw HTML starts in a body, roughly: for the line only


@dataclass(frozen=True, order=True)
class Finding:
    path: str
    line: int | None
    severity: str
    message: str

    def as_problem(self) -> Problem:
        return Problem(self.path, self.line, self.message)


def check(options: BuildOptions) -> list[Finding]:
    """Every finding, sorted by file and line; nothing is written."""
    try:
        ready = prepare(options)
    except SitegenError as error:
        return _errors(error.problems)
    findings = _render_everything(ready)
    return sorted(set(findings + lint(ready)), key=_order)


def _errors(problems: Iterable[Problem]) -> list[Finding]:
    return [Finding(p.path, p.line, "error", p.message) for p in problems]


def _order(finding: Finding) -> tuple:
    return (finding.path, finding.line or 0, SEVERITIES.index(finding.severity), finding.message)


def _render_everything(ready: Prepared) -> list[Finding]:
    """Render every page in memory: what only fails in a template shows up here too."""
    findings = []
    for output in ready.outputs:
        try:
            render(ready.env, ready.site, output, ready.extras)
        except SitegenError as error:
            findings += _errors(error.problems)
    return findings


def lint(ready: Prepared) -> list[Finding]:
    """What the build lets through but a reader would notice."""
    site = ready.site
    return [*_front_matter(site, ready.now), *_translations(site), *_anchors(site), *_raw_html(site)]


def _front_matter(site: Site, now: datetime) -> Iterable[Finding]:
    limits = site.config.check
    for page in site.pages:
        lines = page.key_lines
        if len(page.title) > limits.title_length:
            yield Finding(page.source, lines.get("title"), "warning",
                          f"title is {len(page.title)} characters; search results show about {limits.title_length}: "
                          "shorten it (or raise check.title_length in sitegen.toml)")
        if page.summary and len(page.summary) > limits.summary_length:
            yield Finding(page.source, lines.get("summary"), "warning",
                          f"summary is {len(page.summary)} characters; share previews show about "
                          f"{limits.summary_length}: shorten it (or raise check.summary_length)")
        # A difference of two dates cannot overflow, as date minus a huge future_days would.
        if page.date - now > timedelta(days=min(limits.future_days, timedelta.max.days)):
            yield Finding(page.source, lines.get("date"), "warning",
                          f"date {page.date.date().isoformat()} is more than {limits.future_days} days ahead: "
                          "is the year right?")


def _raw_html(site: Site) -> Iterable[Finding]:
    """Raw HTML the build left out (without unsafe_html): the author may not know it is not shown."""
    for page in site.pages:
        if OMITTED in page.content:
            match = RAW_TAG.search(page.body)
            line = page.body_line + page.body.count("\n", 0, match.start()) if match else None
            yield Finding(page.source, line, "warning",
                          "holds raw HTML, which is left out of the page (as Hugo does): write it in Markdown, "
                          "or set unsafe_html = true in sitegen.toml if every author of the site is trusted")


def _translations(site: Site) -> Iterable[Finding]:
    """Releases not in every language (a notice), translations older than their original (a warning)."""
    for versions in site.translations.values():
        original = _original(site, versions)
        if original is None or original.kind == "section":
            continue
        for code in site.config.language_codes:
            version = versions.get(code)
            if version is None:
                yield Finding(original.source, None, "notice",
                              f'has no "{code}" version: add {_sibling(original, code)} when it is translated')
            elif version is not original and _changed(version) < _changed(original):
                yield Finding(version.source, version.key_lines.get("lastmod") or version.key_lines.get("date"),
                              "warning", f"is older than its original {original.source} (changed "
                              f"{_changed(original).date().isoformat()}): bring it up to date and set lastmod")


def _original(site: Site, versions: dict[str, Page]) -> Page | None:
    return versions.get(site.config.default_language) or next(iter(versions.values()), None)


def _changed(page: Page) -> datetime:
    return page.lastmod or page.date


def _sibling(page: Page, lang: str) -> str:
    """The file a page's version in another language goes in: index.en.md beside index.id.md."""
    stem = re.sub(r"\.[a-z]{2,3}(-[A-Za-z0-9]+)*\.md$", "", page.source)
    return f"{stem.removesuffix('.md')}.{lang}.md"


def _anchors(site: Site) -> Iterable[Finding]:
    """Links in releases to a #heading that the target page does not have."""
    prefix = site.config.base_path.rstrip("/")
    ids = {page.path: set(ID.findall(page.content)) for page in site.pages}
    for page in site.pages:
        for href in dict.fromkeys(html.unescape(h) for h in HREF.findall(page.content)):
            path, hash_mark, fragment = href.partition("#")
            if not hash_mark or not fragment or "://" in path:
                continue
            target = page.path if not path else path.removeprefix(prefix) if path.startswith("/") else None
            if target not in ids or fragment.startswith("fn"):  # footnotes' ids are made by Markdown
                continue
            if fragment not in ids[target]:
                yield Finding(page.source, _line_of(page, "#" + fragment), "warning",
                              f'links to "#{fragment}", which is not a heading or anchor of {target}; '
                              "link to one of its headings, or to the page itself")


def _line_of(page: Page, needle: str) -> int | None:
    position = page.body.find(needle)
    return None if position < 0 else page.body_line + page.body.count("\n", 0, position)


# --- reports --------------------------------------------------------------------------------


def counts(findings: list[Finding]) -> dict[str, int]:
    return {severity: sum(1 for f in findings if f.severity == severity) for severity in SEVERITIES}


def fails(findings: list[Finding], strict: bool) -> bool:
    return any(f.severity == "error" or (strict and f.severity == "warning") for f in findings)


def as_text(findings: list[Finding]) -> str:
    """For people: grouped by file, each with its line and what to do."""
    if not findings:
        return "No problems found.\n"
    lines = []
    for path, group in groupby(findings, key=lambda f: f.path):
        lines.append(path)
        lines += [f"  {f'{f.line}: ' if f.line else ''}{f.severity}: {f.message}" for f in group]
    total = counts(findings)
    summary = ", ".join(f"{n} {severity}{'s' if n != 1 else ''}" for severity, n in total.items())
    return "\n".join(lines) + f"\n\n{summary}.\n"


def as_json(findings: list[Finding]) -> str:
    data = {"findings": [{"file": f.path, "line": f.line, "severity": f.severity, "message": f.message}
                         for f in findings], "counts": counts(findings)}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def as_github(findings: list[Finding]) -> str:
    """GitHub Actions workflow commands: each finding becomes an annotation on its file and line."""
    def escape(text: str) -> str:
        return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")

    def where(f: Finding) -> str:
        place = f"file={escape(f.path).replace(',', '%2C').replace(':', '%3A')}"
        return place + (f",line={f.line}" if f.line else "")

    return "".join(f"::{f.severity} {where(f)}::{escape(f.message)}\n" for f in findings)


# --- the translation report -----------------------------------------------------------------


@dataclass(frozen=True)
class TranslationRow:
    name: str  # the original's source file
    states: dict[str, str]  # language -> "original", "translated", "missing", "out of date"


def translation_report(site: Site) -> list[TranslationRow]:
    rows = []
    for versions in site.translations.values():
        original = _original(site, versions)
        if original is None or original.kind == "section":
            continue
        states = {}
        for code in site.config.language_codes:
            version = versions.get(code)
            if version is original:
                states[code] = "original"
            elif version is None:
                states[code] = "missing"
            else:
                states[code] = "out of date" if _changed(version) < _changed(original) else "translated"
        rows.append(TranslationRow(original.source, states))
    return sorted(rows, key=lambda row: row.name)


def translations_text(rows: list[TranslationRow], languages: list[str]) -> str:
    width = max((len(row.name) for row in rows), default=10)
    lines = [f"{'release':<{width}}  " + "  ".join(f"{code:<11}" for code in languages)]
    lines += [f"{row.name:<{width}}  " + "  ".join(f"{row.states[code]:<11}" for code in languages)
              for row in rows]
    states = [state for row in rows for state in row.states.values()]
    complete = sum(1 for row in rows if all(s in ("original", "translated") for s in row.states.values()))
    lines.append(f"\n{complete} of {len(rows)} in every language; {states.count('missing')} missing, "
                 f"{states.count('out of date')} out of date.")
    return "\n".join(line.rstrip() for line in lines) + "\n"


def stop_on_warnings(ready: Prepared) -> None:
    """`build --strict`: what `sitegen check` warns of stops the build (for CI)."""
    findings = [f for f in lint(ready) if f.severity != "notice"]
    raise_if_any([f.as_problem() for f in findings])
