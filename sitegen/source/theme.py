"""Where the theme is, and which files are served as they are (the theme's and the site's)."""

from __future__ import annotations

from pathlib import Path

from sitegen.core.errors import Problem, SitegenError, raise_if_any
from sitegen.core.messages import tr
from sitegen.core.paths import check_readable, is_plain_name, list_files
from sitegen.source.config import Config

THEMES_DIR = "themes"
STATIC_DIR = "static"


def find_theme(config: Config, site_dir: Path) -> Path:
    """The theme's folder, `themes/<name>`: a folder there, or a link to one (a theme shared by sites)."""
    if not is_plain_name(config.theme):  # sitegen.toml's validator says so first; this keeps it so
        raise SitegenError([Problem("sitegen.toml", None, tr('key "theme": {theme} is not a folder name',
                                                             theme=repr(config.theme)))])
    theme_dir = site_dir / THEMES_DIR / config.theme
    if not theme_dir.is_dir():
        found = sorted(p.name for p in (site_dir / THEMES_DIR).glob("*") if p.is_dir())
        message = tr('key "theme": no theme "{theme}" in {themes_dir}/ (found: {found})', theme=config.theme,
                     themes_dir=THEMES_DIR, found=", ".join(found) or tr("none"))
        if config.theme == "humas":  # the default: a new site that has not brought sitegen's theme along
            message += tr("; copy the folder themes/humas of sitegen's repository into this site (sitegen import "
                          "does it for a Hugo site)")
        raise SitegenError([Problem("sitegen.toml", None, message)])
    return theme_dir


def static_files(site_dir: Path, theme_dir: Path) -> dict[str, Path]:
    """Output path -> source file: the theme's static/, overridden file by file by the site's.

    The theme's folder, as its link resolves, is trusted like the site's own: a link inside it
    may not lead out of it, nor a link in the site's static/ out of the site.
    """
    files: dict[str, Path] = {}
    problems: list[Problem] = []
    for folder, theme in ((theme_dir / STATIC_DIR, theme_dir), (site_dir / STATIC_DIR, None)):
        if not folder.is_dir():
            continue
        check_readable(theme or site_dir, folder, folder.relative_to(site_dir).as_posix())
        listing = list_files(folder, site_dir, theme)
        problems += listing.problems
        for file in listing.files:
            files[file.relative_to(folder).as_posix()] = file
    raise_if_any(problems)
    return files
