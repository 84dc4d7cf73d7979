"""Where the theme is, and which files are served as they are (the theme's and the site's)."""

from __future__ import annotations

from pathlib import Path

from sitegen.config import Config
from sitegen.errors import Problem, SitegenError

THEMES_DIR = "themes"
STATIC_DIR = "static"


def find_theme(config: Config, site_dir: Path) -> Path:
    theme_dir = site_dir / THEMES_DIR / config.theme
    if not theme_dir.is_dir():
        found = sorted(p.name for p in (site_dir / THEMES_DIR).glob("*") if p.is_dir())
        raise SitegenError([Problem("sitegen.toml", None, f'key "theme": no theme "{config.theme}" '
                                    f"in {THEMES_DIR}/ (found: {', '.join(found) or 'none'})")])
    return theme_dir


def static_files(site_dir: Path, theme_dir: Path) -> dict[str, Path]:
    """Output path -> source file: the theme's static/, overridden file by file by the site's."""
    files: dict[str, Path] = {}
    for folder in (theme_dir / STATIC_DIR, site_dir / STATIC_DIR):
        for file in sorted(folder.rglob("*")) if folder.is_dir() else ():
            if file.is_file():
                files[file.relative_to(folder).as_posix()] = file
    return files
