"""Render one planned page through its template, with everything its <head> and switcher need."""

from __future__ import annotations

import weakref
from collections.abc import Callable
from dataclasses import dataclass

import jinja2

from sitegen.model.site import Site
from sitegen.pages.head import Extras, breadcrumb_trail, head_values, section_title
from sitegen.pages.layouts import choose_template
from sitegen.pages.plan import Output
from sitegen.source.templates import TemplateEnvironment

NOT_TRANSLATED = "#no-translation"

# Each environment's templates found missing: Jinja remembers the templates it loaded, not those it did not
# find, and every release asks for its section's own (`news/single.html`), which few sites have.
_missing: weakref.WeakKeyDictionary[TemplateEnvironment, set[str]] = weakref.WeakKeyDictionary()


def render(env: TemplateEnvironment, site: Site, output: Output, extras: Extras) -> str:
    """One page's HTML."""
    config = site.config
    translations = output.translations
    default_version = translations.get(config.default_language, translations.get(output.lang))
    strings = env.strings.table[output.lang]

    def label(key: str, fallback: str) -> str:
        return strings.get(key, fallback)

    return env.render(_template(env, output), {
        **output.context,
        **head_values(site, output, extras, label, env.absurl),
        "section_title": lambda section: section_title(site, label, output.lang, section),
        "breadcrumbs": breadcrumb_trail(site, output, label),
        "site": site,
        "config": config,
        "lang": output.lang,
        "language": config.languages[output.lang],
        "path": output.path,
        "menu": sorted(config.languages[output.lang].menu, key=lambda m: (m.weight, m.name)),
        "translations": translations,
        "x_default": default_version,
        "switcher": _switcher(site, output),
        "chart_script": _chart_script() if output.context.get("has_charts") else None,
        "preview_note": _preview_note(output, extras, label),
        "lead_picture": extras.lead_pictures.get(output.path),
        # Any release's photo by its path: the thumbnails of the home page and the lists.
        "picture_of": extras.lead_pictures.get,
    })


def _chart_script() -> str:
    """The charts' script; vega.py is loaded only for a page that shows a chart (start-up)."""
    from sitegen.data import vega

    return vega.script_path()


def _template(env: TemplateEnvironment, output: Output) -> str:
    """The page's own template by its type and layout, if the site or theme has one (layouts.py)."""
    if not output.layouts:
        return output.template
    owner = output.context.get("page") or output.context.get("intro")
    return choose_template(output.layouts, output.template, lambda name: _exists(env, name), owner)


def _exists(env: TemplateEnvironment, name: str) -> bool:
    missing = _missing.setdefault(env, set())
    if name in missing:
        return False  # the environment never reloads (templates.py): what was missing stays missing
    try:
        env.env.get_template(name)  # Jinja keeps what it loaded: asked again, this is a lookup
    except jinja2.TemplateNotFound:
        missing.add(name)
        return False
    return True


def _preview_note(output: Output, extras: Extras, label: Callable[[str, str], str]) -> str | None:
    """In `sitegen serve`, a draft or a release not yet due says so on the page."""
    page = output.context.get("page")
    if extras.preview_now is None or page is None:
        return None
    if page.draft:
        return label("preview_draft", "Draft: not published until draft: true is removed")
    if (page.publish_date or page.date) > extras.preview_now:
        return label("preview_future", "Scheduled: published from {date}").format(
            date=(page.publish_date or page.date).strftime("%Y-%m-%d %H:%M"))
    return None


@dataclass(frozen=True)
class SwitchTarget:
    """Where the language switcher sends a reader of another language."""

    lang: str
    name: str
    path: str
    current: bool
    translated: bool  # False: no version in that language; the path is its home, with a notice


def _switcher(site: Site, output: Output) -> list[SwitchTarget]:
    targets = []
    for code in site.config.language_codes:
        path = output.translations.get(code) or output.fallbacks.get(code)
        targets.append(SwitchTarget(
            lang=code, name=site.config.languages[code].name,
            path=path or site.home_path(code) + NOT_TRANSLATED,
            current=code == output.lang, translated=path is not None,
        ))
    return targets

