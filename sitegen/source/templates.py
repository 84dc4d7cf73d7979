"""The Jinja environment: the theme's templates, overridden by the site's `templates/`.

Undefined names are errors (StrictUndefined), so a typo in a template fails the build instead
of publishing an empty space. Every template error is reported with the template's file and
line, whether Jinja found it while compiling or while rendering.
"""

from __future__ import annotations

import re
import traceback
from collections.abc import Iterable
from datetime import date
from itertools import groupby
from pathlib import Path
from typing import Any

import jinja2
import jinja2.meta
from babel.lists import format_list
from markupsafe import Markup

from sitegen.core.errors import Problem, SitegenError
from sitegen.core.messages import language, tr
from sitegen.source.config import Config
from sitegen.source.i18n import Formatter, MissingStringError, Strings

TEMPLATES_DIR = "templates"


_INTERNAL_CLASS = re.compile(r"'sitegen\.[\w.]+\.(\w+) object'")


class TemplateEnvironment:
    """Loads templates and renders them, turning Jinja's exceptions into Problems."""

    def __init__(self, config: Config, site_dir: Path, theme_dir: Path, strings: Strings) -> None:
        self.site_dir = site_dir
        self.theme_dir = theme_dir
        self.search_path = [site_dir / TEMPLATES_DIR, theme_dir / TEMPLATES_DIR]
        self.config = config
        self.strings = strings
        self.formatters = {
            lang: Formatter(config.locale(lang), config.zone, strings.table[lang])
            for lang in config.language_codes
        }
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader([str(p) for p in self.search_path]),
            autoescape=jinja2.select_autoescape(["html", "xml"]),
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            auto_reload=False,  # a template changed makes a new environment (memory.py), not a stat per page
            # Jinja's optimizer folds constant expressions, which themes hardly have: it leaves the humas
            # theme's code as it was and costs an eighth of compiling every template at start-up.
            optimized=False,
        )
        self.env.globals.update(t=_translate, t_in=strings.get, relurl=self.relurl, absurl=self.absurl)
        self.env.filters.update(
            date=_date, number=_number, period=_period, relurl=self.relurl, absurl=self.absurl,
            groupby_month=self.groupby_month,
            # Hugo's `{{ .Inner | markdownify }}`: a shortcode template writing it gets its inner text
            # already converted as Markdown with the page (markdown/shortcodes.py); elsewhere, as it is.
            markdownify=lambda value: value,
        )

    def relurl(self, path: str) -> str:
        """A site path ("/berita/") as linked from the site, below the base URL's path."""
        return self.config.base_path.rstrip("/") + path

    def absurl(self, path: str) -> str:
        return self.config.origin + self.relurl(path)

    def groupby_month(self, pages: Iterable[Any]) -> list[tuple[date, list[Any]]]:
        """Pages (newest first) grouped by the month of their date, in the site's time zone."""
        def month(page: Any) -> date:
            return page.date.astimezone(self.config.zone).date().replace(day=1)

        return [(key, list(group)) for key, group in groupby(pages, key=month)]

    def check_all(self) -> None:
        """Compile every template once, so a syntax error stops the build before any page."""
        problems = []
        for name in sorted(set(self.env.list_templates(extensions=["html", "xml", "txt"]))):
            try:
                self.env.get_template(name)
            except jinja2.TemplateSyntaxError as error:
                problems.append(self._syntax_problem(error))
        if problems:
            raise SitegenError(problems)

    def mentions(self, name: str, pattern: str) -> bool:
        """Whether a template, or one it extends, includes or imports, has text matching `pattern`."""
        seen: set[str] = set()
        waiting = [name]
        while waiting:
            current = waiting.pop()
            if current in seen:
                continue
            seen.add(current)
            try:
                source = self.env.loader.get_source(self.env, current)[0]  # type: ignore[union-attr]
            except jinja2.TemplateNotFound:
                continue
            if re.search(pattern, source):
                return True
            waiting += [t for t in jinja2.meta.find_referenced_templates(self.env.parse(source)) if t]
        return False

    def render(self, name: str, context: dict[str, Any]) -> str:
        lang = context["lang"]
        context = {
            **context,
            "strings": self.strings.table[lang],
            "formatter": self.formatters[lang],
        }
        try:
            return self.env.get_template(name).render(context)
        except jinja2.TemplateSyntaxError as error:
            raise SitegenError([self._syntax_problem(error)]) from None
        except jinja2.TemplateNotFound as error:
            raise SitegenError([Problem(TEMPLATES_DIR + "/" + name, None,
                                        tr("template {name} not found in {dirs}", name=error.name,
                                           dirs=self._dirs()))]) from None
        except SitegenError:
            raise
        except Exception as error:
            raise SitegenError([self._runtime_problem(error)]) from None

    def _syntax_problem(self, error: jinja2.TemplateSyntaxError) -> Problem:
        return Problem(self._shown(error.filename), error.lineno,
                       tr("template syntax error: {problem}", problem=error.message))

    def _runtime_problem(self, error: Exception) -> Problem:
        frames = [f for f in traceback.extract_tb(error.__traceback__)
                  if any(f.filename.startswith(str(d)) for d in self.search_path)]
        if isinstance(error, MissingStringError):
            message = str(error.args[0])  # already a sentence; str() would add quotes
        else:
            # Jinja names sitegen's classes by module ('sitegen.model.site.Page object'): a theme's
            # author knows them by what they are, and the name should not move with sitegen's folders.
            message = tr("template error: {problem}", problem=_INTERNAL_CLASS.sub(r"'\1 object'", str(error)))
        if not frames:
            return Problem(TEMPLATES_DIR, None, message)
        frame = frames[-1]
        return Problem(self._shown(frame.filename), frame.lineno, message)

    def _shown(self, filename: str | None) -> str:
        if not filename:
            return TEMPLATES_DIR
        try:
            return Path(filename).relative_to(self.site_dir).as_posix()
        except ValueError:
            return filename

    def _dirs(self) -> str:
        return format_list([self._shown(str(p)) for p in self.search_path], style="or", locale=language())


@jinja2.pass_context
def _translate(context: jinja2.runtime.Context, key: str, **values: Any) -> str:
    """`t("read_more")`: the interface string in the page's language, `{name}` filled in."""
    strings = context["strings"]
    if key not in strings:
        raise MissingStringError(tr('interface string "{key}" is missing for language "{lang}": add {key} = "…" '
                                    "to {file}", key=key, lang=context["lang"], file=f"i18n/{context['lang']}.toml"))
    text = strings[key]
    return text.format_map(values) if values else text


@jinja2.pass_context
def _date(context: jinja2.runtime.Context, value: Any, style: str = "date_format") -> str:
    return context["formatter"].date(value, style)


@jinja2.pass_context
def _period(context: jinja2.runtime.Context, value: str) -> str:
    return context["formatter"].period(value)


@jinja2.pass_context
def _number(context: jinja2.runtime.Context, value: float, compact: bool = False) -> str:
    return context["formatter"].number(value, compact)


def safe(html: str) -> Markup:
    """Mark HTML that sitegen made (rendered Markdown) as safe for templates."""
    return Markup(html)
