"""The `sitegen` command. User mistakes end as clean messages and exit status 1."""

from __future__ import annotations

import contextlib
import errno
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

from sitegen import __version__
from sitegen.commands.helptext import Group
from sitegen.core.errors import SitegenError
from sitegen.core.messages import choose_language, language, set_language, tr, tr_later
from sitegen.core.workers import default_workers

if TYPE_CHECKING:
    from sitegen.commands.prepare import BuildOptions

# Each command imports the stages it runs when it runs: `sitegen --version` and `--help` import
# neither Jinja, Markdown nor the data stage, and start in a fraction of the time.
# Before its first validation pydantic reads every installed package's entry points for plugins
# (observability tools) that sitegen's models do not need: a hundredth of a build's start (start-up).
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

def _remember_language(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    if value is not None:  # `sitegen --lang id build`: the command's own --lang (absent) keeps it
        ctx.meta["sitegen.lang"] = value


# --lang: the language of sitegen's messages (messages.py); each command calls _speak() first.
_LANG = click.option("--lang", type=click.Choice(["id", "en"]), expose_value=False, callback=_remember_language,
                     help=tr_later("The language of messages [default: SITEGEN_LANG, else the site's default "
                                   "language]."))


def _speak(site_dir: Path) -> None:
    set_language(choose_language(click.get_current_context().meta.get("sitegen.lang"), site_dir))


# What to do about the system's errors a build can meet (the writer names the file each is about).
_OS_HINTS = {
    errno.ENOSPC: tr_later("; free some space on that disk, then build again"),
    errno.EDQUOT: tr_later("; your disk quota is used up: free some space, then build again"),
    errno.EACCES: tr_later("; check the permissions of that file or folder, or choose another output folder"),
    errno.EROFS: tr_later("; that disk is read-only: choose another output folder"),
    errno.ENOTDIR: tr_later("; a file there has the name a folder needs: rename it, or choose another folder"),
}


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]},
             help=tr_later("sitegen: a static site generator for bilingual newsrooms."))
@click.version_option(__version__, prog_name="sitegen")
@_LANG
def main() -> None:
    """sitegen: a static site generator for bilingual newsrooms."""


@main.command("build", help=tr_later("Build the site into a folder ready to upload."))
@click.option("-s", "--source", "site_dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("."), show_default=True, help=tr_later("The site's folder (with sitegen.toml)."))
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help=tr_later("Where to publish the site [default: <source>/public]."))
@click.option("-D", "--drafts", is_flag=True, help=tr_later("Include drafts."))
@click.option("-F", "--future", is_flag=True, help=tr_later("Include releases dated in the future."))
@click.option("-E", "--expired", is_flag=True, help=tr_later("Include releases past their expiryDate."))
@click.option("-b", "--base-url", help=tr_later("Publish for another address than sitegen.toml's base_url."))
@click.option("-q", "--quiet", is_flag=True, help=tr_later("Print errors only."))
@click.option("-v", "--verbose", is_flag=True, help=tr_later("Print each step."))
@click.option("--strict", is_flag=True, help=tr_later("Stop on what `sitegen check` warns of too (for CI)."))
@click.option("-j", "--workers", type=click.IntRange(min=1), default=default_workers(),
              show_default=tr_later("all cores"),
              help=tr_later("Processes converting and rendering pages (1: all in this one)."))
@_LANG
def build_command(site_dir: Path, output: Path | None, drafts: bool, future: bool, expired: bool,
                  base_url: str | None, quiet: bool, verbose: bool, strict: bool, workers: int) -> None:
    """Build the site into a folder ready to upload."""
    _speak(site_dir)
    from sitegen.commands.options import BuildOptions
    from sitegen.commands.progress import progress_for
    from sitegen.commands.uptodate import begin, unchanged

    options = BuildOptions(site_dir=site_dir, output=output, drafts=drafts, future=future,
                           expired=expired, base_url=base_url, strict=strict, workers=workers)
    log = (lambda line: click.echo(f"  {line}", err=True)) if verbose and not quiet else (lambda _: None)
    try:
        with _one_build_at_a_time(site_dir, quiet):
            start = begin(options)
            report = unchanged(start, options, log)
            if report is None:  # something to build: the stages are loaded only now (uptodate.py)
                from sitegen.commands.build import build

                report = build(options, log, progress_for(quiet), start)
    except SitegenError as error:
        _fail(error)
    except OSError as error:  # a full disk, a folder without write permission: not a bug
        _system_error(error, tr("Nothing was published."))
    except Exception:  # not the user's mistake: show everything a bug report needs
        import traceback  # here: only a bug needs it

        traceback.print_exc()
        click.echo(tr("sitegen {version} failed unexpectedly; this is a bug in sitegen, not in your site. "
                      "Nothing was published. Please report it with the lines above.", version=__version__),
                   err=True)
        sys.exit(2)
    if not quiet:
        for notice in report.notices:
            click.echo(tr("Notice: {notice}.", notice=notice), err=True)
        for warning in report.warnings:
            click.echo(tr("Warning: {problem}", problem=warning), err=True)
        where = _shown(report.output)
        unchanged = report.pages - report.rendered
        built = tr("Built {pages} pages ({files} files) in {folder}/ in {seconds} s", pages=report.pages,
                   files=report.files, folder=where, seconds=_decimal(report.seconds))
        click.echo(built + (tr("; {unchanged} unchanged since the last build, {rendered} rendered.",
                               unchanged=unchanged, rendered=report.rendered) if unchanged else "."))
        click.echo(tr("Preview: python3 -m http.server --directory {folder} 8000, then open "
                      "http://127.0.0.1:8000/", folder=where))


def _one_build_at_a_time(site_dir: Path, quiet: bool) -> contextlib.AbstractContextManager[None]:
    """The site's build lock (core/lock.py), taken only in a site's folder: a mistyped --source gets
    its message from the build, not a new .sitegen-cache folder."""
    from sitegen.core.lock import one_build_at_a_time

    if not (site_dir / "sitegen.toml").is_file():
        return contextlib.nullcontext()

    def waiting(pid: int | None) -> None:
        if not quiet:
            click.echo(tr("Another build of this site is running (process {pid}); waiting for it to finish.",
                          pid=pid) if pid else
                       tr("Another build of this site is running; waiting for it to finish."), err=True)

    return one_build_at_a_time(site_dir / ".sitegen-cache", waiting)


@main.command("check", help=tr_later("Check the site without writing anything: what would stop a build, "
                                      "and what looks wrong."))
@click.option("-s", "--source", "site_dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("."), show_default=True, help=tr_later("The site's folder (with sitegen.toml)."))
@click.option("--format", "style", type=click.Choice(["text", "json", "github"]), default="text",
              show_default=True, help=tr_later("For people, for programs, or as GitHub Actions annotations."))
@click.option("--strict", is_flag=True, help=tr_later("Warnings count as errors (exit status 1)."))
@click.option("--translations", is_flag=True, help=tr_later("Report, per release and language, what is translated."))
@click.option("-D", "--drafts", is_flag=True, help=tr_later("Check drafts too."))
@_LANG
def check_command(site_dir: Path, style: str, strict: bool, translations: bool, drafts: bool) -> None:
    """Check the site without writing anything: what would stop a build, and what looks wrong."""
    _speak(site_dir)
    # Future-dated releases are checked too: they will be published without another look.
    from sitegen.commands import check
    from sitegen.commands.prepare import BuildOptions

    options = BuildOptions(site_dir=site_dir, drafts=drafts, future=True, write_cache=False)
    try:
        if translations:
            _report_translations(options)
            return
        findings = check.check(options)
    except Exception:
        _bug()
    click.echo({"text": check.as_text, "json": check.as_json, "github": check.as_github}[style](findings), nl=False)
    sys.exit(1 if check.fails(findings, strict) else 0)


@main.command("serve", help=tr_later("Preview the site, drafts included, rebuilt and reloaded in the browser "
                                      "on every save."))
@click.option("-s", "--source", "site_dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("."), show_default=True, help=tr_later("The site's folder (with sitegen.toml)."))
@click.option("-p", "--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option("--bind", default="127.0.0.1", show_default=True,
              help=tr_later("The address to serve on; 0.0.0.0 shows the preview to other machines too."))
@_LANG
def serve_command(site_dir: Path, port: int, bind: str) -> None:
    """Preview the site, drafts included, rebuilt and reloaded in the browser on every save."""
    from sitegen.commands.serve import serve

    _speak(site_dir)

    if not (site_dir / "sitegen.toml").is_file():
        problem = "sitegen.toml: " + tr("no {file} in {folder} (is this the site's folder?)", file="sitegen.toml",
                                        folder=site_dir.resolve())
        click.echo(tr("Error: {problem}", problem=problem), err=True)
        sys.exit(1)
    try:
        serve(site_dir, bind, port, lambda line: click.echo(line, err=True))
    except OSError as error:  # the port is taken, most often
        click.echo(tr("Error: {problem}", problem=tr("cannot serve on {address}: {reason}; try --port {port}",
                                                     address=f"{bind}:{port}", reason=error.strerror or error,
                                                     port=port + 1)), err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        pass


@main.command("new", help=tr_later("Start a release (KIND news) or a page (KIND page) titled TITLE, in every "
                                    "language, as a draft; or describe a table (KIND dataset, TITLE the table "
                                    "file) in a new <name>.resource.yaml beside it."))
@click.argument("kind")
@click.argument("title")
@click.option("-s", "--source", "site_dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("."), show_default=True, help=tr_later("The site's folder (with sitegen.toml)."))
@_LANG
def new_command(kind: str, title: str, site_dir: Path) -> None:
    """Start a release (KIND news) or a page (KIND page) titled TITLE, in every language, as a draft;
    or describe a table (KIND dataset, TITLE the table file) in a new <name>.resource.yaml beside it."""
    _speak(site_dir)
    if kind == "dataset":
        _new_dataset(site_dir, title)
        return
    from sitegen.commands.new import new_content

    try:
        created = new_content(site_dir, kind, title)
    except SitegenError as error:
        _fail(error, tr("Nothing was created."))
    except Exception:
        _bug()
    for file in created.files:
        click.echo(tr("Created {file}", file=file))
    click.echo(tr("They are drafts: see them as you write with sitegen serve, and remove draft: true to publish."))


@main.command("import", help=tr_later("Write sitegen.toml from a Hugo site's hugo.toml (or hugo.yaml, hugo.json, "
                                     "config.toml), and list what could not be carried over."))
@click.argument("hugo_config", required=False, type=click.Path(path_type=Path))
@click.option("-s", "--source", "site_dir", type=click.Path(file_okay=False, path_type=Path),
              help=tr_later("Where to write sitegen.toml [default: the Hugo config's folder]."))
@click.option("--force", is_flag=True, help=tr_later("Replace an existing sitegen.toml."))
@_LANG
def import_command(hugo_config: Path | None, site_dir: Path | None, force: bool) -> None:
    """Write sitegen.toml from a Hugo site's hugo.toml (or hugo.yaml, hugo.json, config.toml, or the
    folder config/_default/), and list what could not be carried over."""
    from sitegen.commands.hugoconfig import find_hugo_config
    from sitegen.commands.importhugo import import_hugo

    _speak(site_dir or Path("."))
    config = hugo_config or find_hugo_config(site_dir or Path("."))
    if config is None or not config.exists():
        click.echo(tr("Error: {file}: no Hugo config in {folder} (looked for hugo.toml, hugo.yaml, hugo.json, "
                      "config.toml and config/_default/); give its path, like sitegen import mysite/hugo.toml",
                      file=config or "hugo.toml", folder=(site_dir or Path(".")).resolve().as_posix()), err=True)
        sys.exit(1)
    try:
        imported = import_hugo(config, site_dir, force)
    except SitegenError as error:
        _fail(error, tr("Nothing was written."))
    except OSError as error:  # a file where the folder should be, a full disk: not a bug
        _system_error(error, tr("The import stopped there; run it again once that is put right."))
    except Exception:
        _bug()
    click.echo(tr("Wrote {file} from {source}.", file=_shown(imported.written), source=_shown(imported.source)))
    if imported.left_out:
        click.echo(tr("Not carried over:"))
        for key, why in imported.left_out:
            click.echo(f"  {key}: {tr(why)}")
    for step in imported.done:
        click.echo(step)
    for step in imported.to_do:
        click.echo(tr("To do: {step}", step=step))
    folder = imported.written.parent
    if folder.resolve() == Path.cwd().resolve():
        click.echo(tr("Next: sitegen build, then sitegen check."))
    else:
        click.echo(tr("Next: sitegen build -s {folder}, then sitegen check -s {folder}.", folder=_shown(folder)))


def _new_dataset(site_dir: Path, table: str) -> None:
    from sitegen.commands.newdataset import new_dataset

    try:
        described = new_dataset(site_dir, table)
    except SitegenError as error:
        _fail(error, tr("Nothing was written."))
    except Exception:
        _bug()
    inference = described.inference
    marks = tr("1.234,5 (Indonesian)") if inference.marks == "id" else tr("1,234.5 (English)")
    click.echo(tr("Created {descriptor} for {table} ({rows} rows, numbers written like {marks}). Inferred:",
                  descriptor=described.descriptor, table=described.table, rows=inference.rows, marks=marks))
    for column in inference.columns:
        marks_used = "".join(f', {key} "{value}"' for key, value in (("groupChar", column.group_char),
                                                                      ("decimalChar", column.decimal_char)) if value)
        click.echo(f"  {column.name}: {column.type}{marks_used}")
    click.echo("  " + tr("missing values: {values}", values=", ".join(repr(v) for v in inference.missing_values)))
    if inference.chart is not None:
        chart = inference.chart
        click.echo("  " + tr("chart {name}: {type}, x {x}, y {y}", name=chart.name, type=chart.type, x=chart.x,
                             y=chart.y))
    for notice in inference.notices:
        click.echo(tr("Notice: {notice}", notice=notice))
    click.echo(tr("Still to fill in, in {descriptor} (sitegen check lists each until it is done):",
                  descriptor=described.descriptor))
    for key in described.to_fill:
        click.echo(f"  {key}")


def _report_translations(options: BuildOptions) -> None:
    from sitegen.commands import check
    from sitegen.commands.prepare import prepare

    try:
        ready = prepare(options)
    except SitegenError as error:
        _fail(error, tr("Nothing was checked."))
    click.echo(check.translations_text(check.translation_report(ready.site), ready.site.config.language_codes),
               nl=False)


def _bug() -> NoReturn:
    import traceback  # here: only a bug needs it

    traceback.print_exc()
    click.echo(tr("sitegen {version} failed unexpectedly; this is a bug in sitegen, not in your site. Please "
                  "report it with the lines above.", version=__version__), err=True)
    sys.exit(2)


def _system_error(error: OSError, outcome: str) -> NoReturn:
    """What the system refused (a full disk, no permission, a file where a folder should be), and
    what was left undone; not a bug, so no traceback."""
    problem = f"{error.filename}: {error.strerror or error}" if error.filename else str(error.strerror or error)
    hint = _OS_HINTS.get(error.errno or 0)
    click.echo(tr("Error: {problem}", problem=problem) + (tr(hint) if hint else ""), err=True)
    click.echo(outcome, err=True)
    sys.exit(1)


def _fail(error: SitegenError, outcome: str | None = None) -> NoReturn:
    outcome = outcome or tr("Nothing was published.")
    count = len(error.problems)
    for problem in error.problems:
        click.echo(tr("Error: {problem}", problem=problem), err=True)
    if count > 1:
        click.echo(tr("{count} errors; {outcome}", count=count, outcome=f"{outcome[0].lower()}{outcome[1:]}"),
                   err=True)
    else:
        click.echo(outcome, err=True)
    sys.exit(1)


def _decimal(seconds: float) -> str:
    """Seconds as the reader's language writes them: 1,25 in Indonesian, 1.25 in English."""
    from babel.numbers import format_decimal

    return format_decimal(round(seconds, 2), format="0.00", locale=language())


def _shown(path: Path) -> str:
    try:
        return path.relative_to(Path.cwd()).as_posix() or "."
    except ValueError:
        return path.as_posix()
