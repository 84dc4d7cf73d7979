"""The Jinja environment: the theme's templates, overridden by the site's `templates/`.

Undefined names are errors (StrictUndefined), so a typo in a template fails the build instead
of publishing an empty space. Every template error is reported with the template's file and
line, whether Jinja found it while compiling or while rendering.
"""

from __future__ import annotations

import re
import traceback
from collections.abc import Iterable, MutableMapping
from dataclasses import dataclass
from datetime import date
from itertools import groupby
from pathlib import Path
from typing import Any

import jinja2
import jinja2.meta
import jinja2.nodes
from babel.lists import format_list
from markupsafe import Markup

from sitegen.core.errors import Problem, SitegenError
from sitegen.core.messages import language, tr
from sitegen.source.config import Config
from sitegen.source.i18n import Formatter, MissingStringError, Strings

TEMPLATES_DIR = "templates"


_INTERNAL_CLASS = re.compile(r"'sitegen\.[\w.]+\.(\w+) object'")


@dataclass(frozen=True)
class Checked:
    """A template as check_all() left it: parsed, and its Python code if it had to be generated to be
    checked (None: it is generated when a page first renders the template)."""

    tree: jinja2.nodes.Template
    python: str | None
    filename: str


class _CheckedLoader(jinja2.FileSystemLoader):
    """Templates from the search path; one that check_all() checked is made from its generated code,
    so that it is neither parsed nor generated twice, and a template no page renders is never compiled.

    The environment does not reload templates (auto_reload=False), so what was checked is what renders.
    """

    def __init__(self, search_path: list[str]) -> None:
        super().__init__(search_path)
        self.checked: dict[str, Checked] = {}

    def load(self, environment: jinja2.Environment, name: str,
             globals: MutableMapping[str, Any] | None = None) -> jinja2.Template:
        checked = self.checked.get(name)
        if checked is None:
            return super().load(environment, name, globals)
        python = checked.python or environment.compile(checked.tree, name, checked.filename, raw=True)
        code = compile(python, checked.filename, "exec")
        return environment.template_class.from_code(environment, code, globals or {}, None)


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
            loader=_CheckedLoader([str(p) for p in self.search_path]),
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
        """Check every template once, so a syntax error stops the build before any page.

        Each is parsed, which finds most errors compiling it would; the rest only Jinja's code
        generator finds, so a template that has what it could refuse is generated now, and any other
        only when a page renders it (_CheckedLoader; generating was two fifths of compiling every
        template at start-up). mentions() reads the parsed templates instead of parsing them again.
        """
        loader: _CheckedLoader = self.env.loader  # type: ignore[assignment]
        problems = []
        for name in sorted(set(self.env.list_templates(extensions=["html", "xml", "txt"]))):
            try:
                source, filename, _ = loader.get_source(self.env, name)
                tree = self.env.parse(source, name, filename)
                python = self.env.compile(tree, name, filename, raw=True) if self._generator_may_refuse(tree) else None
                loader.checked[name] = Checked(tree, python, filename)
            except jinja2.TemplateSyntaxError as error:
                problems.append(self._syntax_problem(error))
        if problems:
            raise SitegenError(problems)

    def _generator_may_refuse(self, tree: jinja2.nodes.Template) -> bool:
        """Whether a parsed template has what Jinja's code generator may refuse (each `self.fail` of
        jinja2/compiler.py, tests/test_template_check.py counts them): a filter or test it does not
        know, a block defined twice, `extends` below the template's top, `caller` among a macro's
        arguments, `loop` assigned to in a for loop. Only then can generating its code fail."""
        nodes = jinja2.nodes
        blocks: set[str] = set()
        waiting: list[jinja2.nodes.Node] = list(tree.body)
        while waiting:  # every node once (find_all per kind walked the tree five times)
            node = waiting.pop()
            waiting.extend(node.iter_child_nodes())
            if isinstance(node, nodes.Filter | nodes.Test):
                if node.name not in (self.env.filters if isinstance(node, nodes.Filter) else self.env.tests):
                    return True
            elif isinstance(node, nodes.Name):
                if node.name == "loop" and node.ctx == "store":
                    return True
            elif isinstance(node, nodes.Block):
                if node.name in blocks:
                    return True
                blocks.add(node.name)
            elif isinstance(node, nodes.Extends):
                if not any(node is top for top in tree.body):
                    return True
            elif isinstance(node, nodes.Macro | nodes.CallBlock) and any(a.name == "caller" for a in node.args):
                return True
        return False

    def compile_all(self) -> None:
        """Compile every checked template now: worker processes forked after this inherit them, where
        each would otherwise compile the templates it renders (workers.py)."""
        for name in self.env.loader.checked:  # type: ignore[union-attr]
            self.env.get_template(name)

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
            checked = self.env.loader.checked.get(current)  # type: ignore[union-attr]
            tree = checked.tree if checked is not None else self.env.parse(source)
            waiting += [t for t in jinja2.meta.find_referenced_templates(tree) if t]
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
