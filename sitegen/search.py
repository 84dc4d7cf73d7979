"""Full-text search with Pagefind: one index per language, built over the finished pages.

Pagefind's command line is used rather than its Python API: the API is async only, writes its
files again when its `async with` block ends, and resolves `output_path` from the current
folder instead of the site. The command runs on the staging folder, before it is published.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from sitegen.errors import Problem, SitegenError

BUNDLE_DIR = "pagefind"


def index(site_folder: Path) -> None:
    """Write the search index into `site_folder/pagefind/`."""
    try:
        result = subprocess.run(
            [*_command(), "--site", str(site_folder), "--output-subdir", BUNDLE_DIR, "--silent"],
            capture_output=True, text=True, check=False,
        )
    except OSError as error:
        raise SitegenError([Problem("sitegen.toml", None, f"cannot run Pagefind ({error}); install it with "
                                    "pip install 'pagefind[bin]', or set search = false")]) from None
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()
        raise SitegenError([Problem("sitegen.toml", None, "the search index could not be built: "
                                    + (detail[-1] if detail else f"Pagefind exited with {result.returncode}")
                                    + "; set search = false to build without search")])


def _command() -> list[str]:
    """The binary that pagefind[bin] ships, run directly (no Python start-up); else the module."""
    try:
        from pagefind_bin import get_executable

        return [str(get_executable())]
    except (ImportError, FileNotFoundError):
        return [sys.executable, "-m", "pagefind"]
