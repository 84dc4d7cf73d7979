"""The `sitegen` command. User mistakes end as clean messages and exit status 1."""

from __future__ import annotations

import sys
import traceback
from pathlib import Path

import click

from sitegen import __version__
from sitegen.build import BuildOptions, build
from sitegen.errors import SitegenError


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="sitegen")
def main() -> None:
    """sitegen: a static site generator for bilingual newsrooms."""


@main.command("build")
@click.option("-s", "--source", "site_dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("."), show_default=True, help="The site's folder (with sitegen.toml).")
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Where to publish the site [default: <source>/public].")
@click.option("-D", "--drafts", is_flag=True, help="Include drafts.")
@click.option("-F", "--future", is_flag=True, help="Include releases dated in the future.")
@click.option("-E", "--expired", is_flag=True, help="Include releases past their expiryDate.")
@click.option("-b", "--base-url", help="Publish for another address than sitegen.toml's base_url.")
@click.option("-q", "--quiet", is_flag=True, help="Print errors only.")
@click.option("-v", "--verbose", is_flag=True, help="Print each step.")
def build_command(site_dir: Path, output: Path | None, drafts: bool, future: bool, expired: bool,
                  base_url: str | None, quiet: bool, verbose: bool) -> None:
    """Build the site into a folder ready to upload."""
    options = BuildOptions(site_dir=site_dir, output=output, drafts=drafts, future=future,
                           expired=expired, base_url=base_url)
    log = (lambda line: click.echo(f"  {line}", err=True)) if verbose and not quiet else (lambda _: None)
    try:
        report = build(options, log)
    except SitegenError as error:
        _fail(error)
    except OSError as error:  # a full disk, a folder without write permission: not a bug
        click.echo(f"Error: {error.filename or ''}: {error.strerror or error}".replace("Error: : ", "Error: "),
                   err=True)
        click.echo("Nothing was published.", err=True)
        sys.exit(1)
    except Exception:  # not the user's mistake: show everything a bug report needs
        traceback.print_exc()
        click.echo(f"sitegen {__version__} failed unexpectedly; this is a bug in sitegen, not in your "
                   "site. Nothing was published. Please report it with the lines above.", err=True)
        sys.exit(2)
    if not quiet:
        where = _shown(report.output)
        click.echo(f"Built {report.pages} pages ({report.files} files) in {where}/ "
                   f"in {report.seconds:.2f} s.")
        click.echo(f"Preview: python3 -m http.server --directory {where} 8000, "
                   "then open http://127.0.0.1:8000/")


def _fail(error: SitegenError) -> None:
    count = len(error.problems)
    for problem in error.problems:
        click.echo(f"Error: {problem}", err=True)
    if count > 1:
        click.echo(f"{count} errors; nothing was published.", err=True)
    else:
        click.echo("Nothing was published.", err=True)
    sys.exit(1)


def _shown(path: Path) -> str:
    try:
        return path.relative_to(Path.cwd()).as_posix() or "."
    except ValueError:
        return path.as_posix()
