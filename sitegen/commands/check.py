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

from sitegen.commands.despite import despite
from sitegen.commands.prepare import BuildOptions, Prepared, prepare
from sitegen.core.errors import Problem, SitegenError, raise_if_any
from sitegen.core.messages import tr, tr_later, trn
from sitegen.data.datasets import lookalike_values
from sitegen.incremental.urlrecord import moved_urls
from sitegen.model.site import Page, Site
from sitegen.pages.render import render
from sitegen.source.frontmatter import misspelled

SEVERITIES = ("error", "warning", "notice")
DATED_NAME = re.compile(r"(\d{4}-\d{2}-\d{2})-")  # 2025-08-22-rakornis: a release named by its date
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
    """Every finding, sorted by file and line; nothing is written.

    When a stage stops the build, the others are checked all the same (`despite`), so one run
    reports everything: a bad cell does not hide a missing image_alt, nor that the warnings.
    """
    try:
        ready = prepare(options)
    except SitegenError as error:
        rest = despite(options)
        warnings = lint_site(rest.site, rest.now, whole=False) if rest.site else []
        found = _errors([*error.problems, *rest.problems]) + warnings
        return sorted(set(found), key=_order)
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
    charts = [Finding(p.path, p.line, "warning", p.message) for p in ready.book.single_layout_warnings()]
    data = [Finding(p.path, p.line, "warning", p.message) for dataset in ready.book.datasets.values()
            for p in lookalike_values(dataset, ready.site_dir)]
    return lint_site(ready.site, ready.now) + list(_moved(ready)) + charts + data


def _moved(ready: Prepared) -> Iterable[Finding]:
    """Pages at another URL than the last build published them at: old links break (urlrecord.py)."""
    for moved in moved_urls(ready.site_dir, ready.site):
        line = ready.site.by_source[moved.source].key_lines.get("aliases")
        yield Finding(moved.source, line, "warning",
                      tr("is now published at {now}, not at {before} as by the last build; links to the old "
                         "address break: add 'aliases: [{before}]' to its front matter", now=moved.now,
                         before=moved.before))


def lint_site(site: Site, now: datetime, whole: bool = True) -> list[Finding]:
    """A site's warnings and notices; not `whole` (some pages did not convert): none about translations."""
    return [*_front_matter(site, now), *(_translations(site) if whole else ()), *_anchors(site), *_raw_html(site)]


def _front_matter(site: Site, now: datetime) -> Iterable[Finding]:
    limits = site.config.check
    for page in site.pages:
        lines = page.key_lines
        yield from _typos(page, site.config.front_matter_keys)
        if len(page.title) > limits.title_length:
            yield Finding(page.source, lines.get("title"), "warning",
                          tr("title is {length} characters; search results show about {limit}: shorten it (or raise "
                             "check.title_length in sitegen.toml)", length=len(page.title), limit=limits.title_length))
        if page.summary and len(page.summary) > limits.summary_length:
            yield Finding(page.source, lines.get("summary"), "warning",
                          tr("summary is {length} characters; share previews show about {limit}: shorten it (or "
                             "raise check.summary_length)", length=len(page.summary), limit=limits.summary_length))
        if (named := _folder_date(page)) and named != page.date.astimezone(site.config.zone).date().isoformat():
            yield Finding(page.source, lines.get("date"), "warning",
                          tr("date is {date}, but the name {name} starts with {named}, and the address {path} "
                             "keeps that name: rename it to start with {date} before publishing (once published, "
                             "add the old address to aliases:)", date=page.date.astimezone(site.config.zone).date()
                             .isoformat(), name=_dated_name(page), named=named, path=page.path))
        # A difference of two dates cannot overflow, as date minus a huge future_days would.
        if page.date - now > timedelta(days=min(limits.future_days, timedelta.max.days)):
            yield Finding(page.source, lines.get("date"), "warning",
                          tr("date {date} is more than {days} days ahead: is the year right?",
                             date=page.date.date().isoformat(), days=limits.future_days))


def _dated_name(page: Page) -> str:
    """The folder of a page bundle (2025-08-22-rakornis), else the file's name without its suffixes."""
    parts = page.source.split("/")
    return parts[-2] if parts[-1].startswith(("index.", "_index.")) else parts[-1].split(".")[0]


def _folder_date(page: Page) -> str | None:
    """The date a page's folder or file name starts with, when its address shows that name."""
    name = _dated_name(page)
    found = DATED_NAME.match(name)
    return found[1] if found and f"/{name}/" in page.path else None


def _typos(page: Page, own_keys: tuple[str, ...]) -> Iterable[Finding]:
    """Unknown keys close to a known one: `categoris:` would leave a release without categories."""
    own = {key.casefold() for key in (*own_keys, *page.taxonomy_terms)}  # a configured taxonomy is known
    for key in page.params:
        typo = None if key.casefold() in own else misspelled(key)
        if typo is not None:
            yield Finding(page.source, page.key_lines.get(key), "warning",
                          tr('front matter "{key}" is not a key sitegen knows: did you mean "{known}"? (A key of the '
                             "site's own: add it to front_matter_keys in sitegen.toml.)", key=key, known=typo))


def _raw_html(site: Site) -> Iterable[Finding]:
    """Raw HTML the build left out (without unsafe_html): the author may not know it is not shown."""
    for page in site.pages:
        from sitegen.markdown.convert import OMITTED  # here: a site without pages never loads Markdown

        if OMITTED in page.content:
            match = RAW_TAG.search(page.body)
            line = page.body_line + page.body.count("\n", 0, match.start()) if match else None
            yield Finding(page.source, line, "warning",
                          tr("holds raw HTML, which is left out of the page (as Hugo does): write it in Markdown, "
                             "or set unsafe_html = true in sitegen.toml if every author of the site is trusted"))


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
                              tr('has no "{lang}" version: add {file} when it is translated', lang=code,
                                 file=_sibling(original, code)))
            elif version is not original and _changed(version) < _changed(original):
                yield Finding(version.source, version.key_lines.get("lastmod") or version.key_lines.get("date"),
                              "warning", tr("is older than its original {file} (changed {date}): bring it up to "
                                            "date and set lastmod", file=original.source,
                                            date=_changed(original).date().isoformat()))


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
                              tr('links to "#{anchor}", which is not a heading or anchor of {page}; link to one of '
                                 "its headings, or to the page itself", anchor=fragment, page=target))


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
        return tr("No problems found.") + "\n"
    named = {"error": tr("error"), "warning": tr("warning"), "notice": tr("notice")}
    lines = []
    for path, group in groupby(findings, key=lambda f: f.path):
        lines.append(path)
        lines += [f"  {f'{f.line}: ' if f.line else ''}{named[f.severity]}: {f.message}" for f in group]
    total = counts(findings)
    summary = ", ".join([trn("{count} error", "{count} errors", total["error"]),
                         trn("{count} warning", "{count} warnings", total["warning"]),
                         trn("{count} notice", "{count} notices", total["notice"])])
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


# A translation's state as `check --translations` shows it (the states are keys in the code).
STATE_NAMES = {"original": tr_later("original"), "translated": tr_later("translated"),
               "missing": tr_later("missing"), "out of date": tr_later("out of date")}


def translations_text(rows: list[TranslationRow], languages: list[str]) -> str:
    width = max((len(row.name) for row in rows), default=10)
    column = max(11, *(len(tr(name)) for name in STATE_NAMES.values()))
    heading = tr("release")
    lines = [f"{heading:<{width}}  " + "  ".join(f"{code:<{column}}" for code in languages)]
    lines += [f"{row.name:<{width}}  " + "  ".join(f"{tr(STATE_NAMES[row.states[code]]):<{column}}"
                                                    for code in languages)
              for row in rows]
    states = [state for row in rows for state in row.states.values()]
    complete = sum(1 for row in rows if all(s in ("original", "translated") for s in row.states.values()))
    lines.append("\n" + tr("{complete} of {count} in every language; {missing} missing, {outdated} out of date.",
                           complete=complete, count=len(rows), missing=states.count("missing"),
                           outdated=states.count("out of date")))
    return "\n".join(line.rstrip() for line in lines) + "\n"


def build_warnings(ready: Prepared) -> list[Problem]:
    """What `sitegen build` warns of without stopping: front matter keys that look like typos."""
    own = ready.site.config.front_matter_keys
    return [finding.as_problem() for page in ready.site.pages for finding in _typos(page, own)]


def stop_on_warnings(ready: Prepared) -> None:
    """`build --strict`: what `sitegen check` warns of stops the build (for CI)."""
    findings = [f for f in lint(ready) if f.severity != "notice"]
    raise_if_any([f.as_problem() for f in findings])
