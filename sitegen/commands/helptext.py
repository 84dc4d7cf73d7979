"""`--help` in the reader's language: Click commands whose help is translated when it is shown.

A help text is written in English in cli.py, marked with tr_later() so that Babel extracts it, and
translated only when Click formats the help: at import time the language is not known yet.
`--help` is eager (Click handles it before any other option), so the command looks for --lang
and -s/--source in its own arguments before Click parses them; the language then comes, as
for every other message, from --lang, SITEGEN_LANG, or the site's default language.
"""

from __future__ import annotations

import difflib
import inspect
import re
import sys
from pathlib import Path
from typing import Any

import click

from sitegen.core.messages import choose_language, set_language, tr, tr_later

# Click's own texts that sitegen's help shows, marked here so that they are translated too.
CLICK_TEXTS = (tr_later("Show this message and exit."), tr_later("Show the version and exit."))


def _option_value(args: list[str], names: tuple[str, ...]) -> str | None:
    """The value of the first of `names` in raw arguments (--lang id, --lang=id), before "--"."""
    for index, arg in enumerate(args):
        if arg == "--":
            break
        for name in names:
            if arg == name and index + 1 < len(args):
                return args[index + 1]
            if arg.startswith(f"{name}="):
                return arg.partition("=")[2]
    return None


def _short(text: str, limit: int) -> str:
    """The first sentence, cut at a word to fit `limit` characters (as Click's own short help)."""
    first = text.split(". ")[0].rstrip(".")
    if len(first) <= limit:
        return first
    return first[: limit - 3].rsplit(" ", 1)[0] + "..."


class TranslatedHelp:
    """What every sitegen command adds to Click's: the help in the language chosen for messages."""

    help: str | None

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        # ctx.meta is shared with the subcommand: `sitegen --lang id build --help` keeps the group's --lang.
        for key, names in (("sitegen.help_lang", ("--lang",)), ("sitegen.help_site", ("-s", "--source"))):
            value = _option_value(args, names)
            if value is not None:
                ctx.meta[key] = value
        return super().parse_args(ctx, args)  # type: ignore[misc]

    def get_help(self, ctx: click.Context) -> str:
        site = Path(ctx.meta.get("sitegen.help_site") or ".")
        set_language(choose_language(ctx.meta.get("sitegen.help_lang"), site))
        return super().get_help(ctx)  # type: ignore[misc]

    def get_short_help_str(self, limit: int = 45) -> str:
        return _short(_help_text(self.help), limit) if self.help else ""

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        pieces = self.collect_usage_pieces(ctx)  # type: ignore[attr-defined]
        formatter.write_usage(ctx.command_path, " ".join(pieces), tr("Usage: "))

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        if self.help:
            formatter.write_paragraph()
            with formatter.indentation():
                formatter.write_text(_help_text(self.help))

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [row for param in self.get_params(ctx)  # type: ignore[attr-defined]
                if (row := _option_row(param, ctx)) is not None]
        if rows:
            with formatter.section(tr("Options")):
                formatter.write_dl(rows)


def _help_text(text: str) -> str:
    """A command's help in the reader's language (a docstring's indentation removed first, as Click does)."""
    return tr(inspect.cleandoc(text))


def _default_shown(default: str) -> str:
    """A default as --help shows it, translated: show_default="all cores" is shown "(all cores)"."""
    if default.startswith("(") and default.endswith(")"):
        return f"({tr(default[1:-1])})"
    return default


def _option_row(param: click.Parameter, ctx: click.Context) -> tuple[str, str] | None:
    """An option's line of --help, its text and Click's [default: …] translated."""
    if not isinstance(param, click.Option) or param.hidden:
        return None
    extra: dict[str, Any] = dict(param.get_help_extra(ctx))
    items = []
    if "default" in extra:
        items.append(tr("default: {default}", default=_default_shown(str(extra["default"]))))
    if "range" in extra:
        items.append(str(extra["range"]))
    if "required" in extra:
        items.append(tr("required"))
    text = tr(param.help) if param.help else ""
    if items:
        text = f"{text}  [{'; '.join(items)}]" if text else f"[{'; '.join(items)}]"
    return param.get_help_spec(ctx) or "", text


class Command(TranslatedHelp, click.Command):
    """A sitegen command."""


class Group(TranslatedHelp, click.Group):
    """The `sitegen` command, whose subcommands are sitegen Commands."""

    command_class = Command

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        super().format_options(ctx, formatter)
        self.format_commands(ctx, formatter)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        names = [name for name in self.list_commands(ctx) if not getattr(self.get_command(ctx, name), "hidden", True)]
        if not names:
            return
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = []
        for name in names:
            command = self.get_command(ctx, name)
            rows.append((name, command.get_short_help_str(limit) if command else ""))
        with formatter.section(tr("Commands")):
            formatter.write_dl(rows)

    def main(self, args: Any = None, prog_name: str | None = None, complete_var: str | None = None,
             standalone_mode: bool = True, **extra: Any) -> Any:
        """Click's main, but a mistyped command line is told in the reader's language too."""
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        try:
            result = super().main(args, prog_name, complete_var, False, **extra)
        except click.UsageError as error:
            _show_usage_error(error)
            sys.exit(error.exit_code)
        except click.ClickException as error:
            error.show()
            sys.exit(error.exit_code)
        except click.Abort:
            click.echo(tr("Aborted!"), err=True)
            sys.exit(1)
        sys.exit(result if isinstance(result, int) else 0)


def _show_usage_error(error: click.UsageError) -> None:
    """Click's usage, hint and message, in the language --lang, SITEGEN_LANG or the site chose."""
    ctx = error.ctx
    if ctx is None:
        click.echo(tr("Error: {problem}", problem=error.format_message()), err=True)
        return
    site = Path(ctx.meta.get("sitegen.help_site") or ".")
    set_language(choose_language(ctx.meta.get("sitegen.help_lang"), site))
    hint = tr("Try '{command} {option}' for help.", command=ctx.command_path, option="--help")
    click.echo(f"{ctx.get_usage()}\n{hint}\n", err=True)
    click.echo(tr("Error: {problem}", problem=_usage_problem(error)), err=True)


def _usage_problem(error: click.UsageError) -> str:
    """What was wrong on the command line; Click's own words for what sitegen does not know."""
    if isinstance(error, click.NoSuchOption):
        problem = tr("No such option {name}.", name=repr(error.option_name))
        if error.possibilities:
            problem += " " + tr("Did you mean {options}?", options=", ".join(sorted(error.possibilities)))
        return problem
    if isinstance(error, click.MissingParameter) and error.param is not None:
        name = error.param.get_error_hint(error.ctx) if error.ctx else error.param.name
        if error.param.param_type_name == "argument":
            return tr("Missing argument {name}.", name=name)
        return tr("Missing option {name}.", name=name)
    if isinstance(error, click.BadParameter) and error.param is not None and error.ctx is not None:
        return tr("Invalid value for {name}: {reason}", name=error.param.get_error_hint(error.ctx),
                  reason=error.message)
    found = re.fullmatch(r"No such command '(.+)'\.", error.message)
    if found:
        problem = tr("No such command {name}.", name=repr(found[1]))
        if error.ctx is not None and isinstance(error.ctx.command, click.Group):
            known = error.ctx.command.list_commands(error.ctx)
            if near := difflib.get_close_matches(found[1], known, n=1, cutoff=0.6):
                problem += " " + tr("Did you mean {command}?", command=f"{error.ctx.command_path} {near[0]}")
        return problem
    return error.format_message()
