"""`sitegen serve`: a live preview that rebuilds on every save and reloads the browser.

The preview is built into `.sitegen-cache/preview/`, never into the published folder, with
drafts and future releases included and marked. The `livereload` package watches the site's
sources, serves the preview and tells the browser to reload once a rebuild is done. A failed
build leaves the last good preview in place; the terminal prints the problems and the page shows
them in an overlay (preview.py) until a build succeeds again. Changes found in one look at the
files are settled into one rebuild.
"""

from __future__ import annotations

import logging
import time
import traceback
from collections.abc import Callable, Iterable
from pathlib import Path

from sitegen import __version__
from sitegen.build import BuildOptions, build
from sitegen.errors import Problem, SitegenError
from sitegen.preview import OVERLAY_JS, SCRIPT, STATUS, status_json

PREVIEW_DIR = ".sitegen-cache/preview"
WATCHED = ("sitegen.toml", "content", "data", "themes", "templates", "static", "i18n", "archetypes")
WAITING_PAGE = (f'<!DOCTYPE html><html lang="en"><meta charset="utf-8"><title>sitegen preview</title>'
                f'<body><p>Waiting for the first good build.</p><script src="{SCRIPT}" defer></script>')


class Preview:
    """Builds the preview; remembers when, so that one save is built once."""

    def __init__(self, site_dir: Path, base_url: str, echo: Callable[[str], None]) -> None:
        self.site_dir = site_dir.resolve()
        self.output = self.site_dir / PREVIEW_DIR
        self.base_url = base_url
        self.echo = echo
        self.last_start = 0.0

    def options(self) -> BuildOptions:
        return BuildOptions(site_dir=self.site_dir, output=self.output, drafts=True, future=True,
                            base_url=self.base_url, preview=True)

    def rebuild(self, changed: Iterable[str] | None = None) -> bool:
        """Build the preview unless a build started after these changes; True if it succeeded."""
        if changed is not None and not self._newer_than_last_build(changed):
            return True  # a rebuild earlier in this look at the files already saw them
        self.last_start = time.time()
        try:
            report = build(self.options())
        except SitegenError as error:
            return self._failed(error.problems)
        except OSError as error:
            return self._failed([Problem(str(error.filename or self.output), None, str(error.strerror or error))])
        except Exception:  # a bug in sitegen: say so, keep serving the last good preview
            self.echo(traceback.format_exc())
            return self._failed([Problem("sitegen", None, f"sitegen {__version__} failed unexpectedly (a bug in "
                                                          "sitegen, not in your site); see the terminal")])
        self.echo(f"Rebuilt {report.pages} pages in {report.seconds:.2f} s.")
        return True

    def _newer_than_last_build(self, changed: Iterable[str]) -> bool:
        times = []
        for name in changed:
            path = Path(name)
            times.append(path.stat().st_mtime if path.exists() else time.time())  # a deletion: now
        return not times or max(times) >= self.last_start

    def _failed(self, problems: Iterable[Problem]) -> bool:
        problems = list(problems)
        for problem in problems:
            self.echo(f"Error: {problem}")
        self.echo("The preview keeps the last good build; the browser shows these problems over it.")
        folder = self.output / STATUS.strip("/").rsplit("/", 1)[0]
        folder.mkdir(parents=True, exist_ok=True)
        if not (self.output / "index.html").exists():  # no good build yet: a page to show the overlay on
            (self.output / "index.html").write_text(WAITING_PAGE, encoding="utf-8")
            (self.output / SCRIPT.lstrip("/")).write_text(OVERLAY_JS, encoding="utf-8")
        (self.output / STATUS.lstrip("/")).write_bytes(status_json(problems))
        return False


def serve(site_dir: Path, host: str, port: int, echo: Callable[[str], None]) -> None:
    """Build, then serve and rebuild on every change until interrupted."""
    from livereload import Server  # imported here: only `serve` needs tornado
    from livereload.handlers import LiveReloadHandler

    # livereload ignores a change within 3 s of the last reload; Preview.rebuild settles changes
    # into one build itself, and a staff member saving twice quickly should see the second save.
    LiveReloadHandler.DEFAULT_RELOAD_TIME = 0

    for name in ("livereload", "tornado.access", "tornado.application", "tornado.general"):
        logging.getLogger(name).setLevel(logging.ERROR)
    preview = Preview(site_dir, f"http://{host}:{port}/", echo)
    preview.rebuild()
    server = Server()
    for name in WATCHED:
        path = preview.site_dir / name
        # A folder as a glob, so that one made later (a site's first templates/) is watched too.
        server.watch(str(path) if "." in name else str(path / "**" / "*"), preview.rebuild)
    echo(f"Serving the preview at http://{host}:{port}/ (drafts and future releases included and marked).")
    echo("Save a file to rebuild; press Ctrl+C to stop. The published folder is not touched.")
    # restart_delay "forever": no reload of every open page merely because the server started
    server.serve(root=str(preview.output), host=host, port=port, open_url_delay=None, restart_delay="forever")
