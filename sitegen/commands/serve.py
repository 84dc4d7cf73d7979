"""`sitegen serve`: a live preview that rebuilds on every save and reloads the browser.

The preview is built into `.sitegen-cache/preview/`, never into the published folder, with
drafts and future releases included and marked. Saves are noticed through the system's file
events (watchfiles, on inotify), settled for 50 ms so that files saved together make one
rebuild, and rebuilt incrementally (session.py): only what the change touches is rendered and
written. The `livereload` package serves the preview and tells the browser to reload. A failed
build leaves the last good preview in place; the terminal prints the problems and the page
shows them in an overlay (preview.py) until a build succeeds again.

The preview holds drafts, so it answers only this machine's browser (`PreviewServer`): a
request whose Host is another name (a web page reaching 127.0.0.1 through a name it controls,
"DNS rebinding") gets 403, a WebSocket from another site is refused, and livereload's
`/forcereload` (which sitegen does not use) is not served.
"""

from __future__ import annotations

import html
import ipaddress
import logging
import re
import socket
import threading
import traceback
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import watchfiles
from babel.numbers import format_decimal
from livereload import Server
from livereload.handlers import LiveReloadHandler, LiveReloadJSHandler, StaticFileHandler
from livereload.server import LiveScriptInjector
from livereload.watcher import Watcher
from tornado import web

from sitegen import __version__
from sitegen.commands.prepare import BuildOptions
from sitegen.commands.preview import OVERLAY_JS, SCRIPT, STATUS, status_json
from sitegen.commands.session import Session
from sitegen.core.errors import Problem, SitegenError
from sitegen.core.messages import language, tr, trn
from sitegen.core.paths import SITE_INPUTS, has_control

PREVIEW_DIR = ".sitegen-cache/preview"
WATCHED = SITE_INPUTS
WAITING_PAGE = ('<!DOCTYPE html><html lang="{lang}"><meta charset="utf-8"><title>sitegen preview</title>'
                '<body><p>{waiting}</p><script src="{script}" defer></script>')


class Preview:
    """Builds the preview, incrementally after the first time."""

    def __init__(self, site_dir: Path, base_url: str, echo: Callable[[str], None]) -> None:
        self.site_dir = site_dir.resolve()
        self.output = self.site_dir / PREVIEW_DIR
        self.echo = echo
        self.session = Session(BuildOptions(site_dir=self.site_dir, output=self.output, drafts=True, future=True,
                                            base_url=base_url, preview=True), echo)

    def rebuild(self, changed: Iterable[Path] | None = None) -> bool:
        """Build after these changes (None: everything); True if it succeeded."""
        try:
            report = self.session.build(changed)
        except SitegenError as error:
            return self._failed(error.problems)
        except OSError as error:
            return self._failed([Problem(str(error.filename or self.output), None, str(error.strerror or error))])
        except Exception:  # a bug in sitegen: say so, keep serving the last good preview
            self.echo(traceback.format_exc())
            self.session.forget()  # whatever it remembers may be half updated
            return self._failed([Problem("sitegen", None, tr("sitegen {version} failed unexpectedly (a bug in "
                                                             "sitegen, not in your site); see the terminal",
                                                             version=__version__))])
        rendered, files = len(self.session.rendered), len(self.session.written)
        self.echo(trn("Rebuilt in {seconds} s: {rendered} of {pages} pages rendered, {count} file changed.",
                      "Rebuilt in {seconds} s: {rendered} of {pages} pages rendered, {count} files changed.", files,
                      seconds=format_decimal(round(report.seconds, 2), format="0.00", locale=language()),
                      rendered=rendered, pages=report.pages))
        return True

    def _failed(self, problems: Iterable[Problem]) -> bool:
        problems = list(problems)
        for problem in problems:
            self.echo(tr("Error: {problem}", problem=problem))
        self.echo(tr("The preview keeps the last good build; the browser shows these problems over it."))
        folder = self.output / STATUS.strip("/").rsplit("/", 1)[0]
        folder.mkdir(parents=True, exist_ok=True)
        if not (self.output / "index.html").exists():  # no good build yet: a page to show the overlay on
            page = WAITING_PAGE.format(lang=language(), waiting=html.escape(tr("Waiting for the first good build.")),
                                       script=SCRIPT)
            (self.output / "index.html").write_text(page, encoding="utf-8")
            (self.output / SCRIPT.lstrip("/")).write_text(OVERLAY_JS, encoding="utf-8")
        (self.output / STATUS.lstrip("/")).write_bytes(status_json(problems))
        return False


class ChangeWatcher(Watcher):
    """livereload's watcher, on file events instead of looking at every file every 0.8 s.

    Two watches: the site's folders (content/, data/, themes/...) with everything below them,
    and the site's own folder, not below it, for sitegen.toml (editors often save by renaming a
    new file over the old) and for a watched folder made or removed while serving. Only the
    folders are watched, so nothing the preview writes comes back as a change.
    """

    STEP_MS = 50  # a change, then this long without another: the changes are settled

    def __init__(self, site_dir: Path, rebuild: Callable[[set[Path]], bool], tidy: Callable[[], None],
                 echo: Callable[[str], None]) -> None:
        super().__init__()
        self.site_dir = site_dir
        self.echo = echo
        self.polling = False  # True once file events failed: watchfiles then looks at the files itself
        self.rebuild = rebuild
        self._tidy = tidy
        self._tasks = {"sitegen": None}  # livereload would otherwise add its own watch of the cwd
        self._pending: set[Path] = set()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._notify: Callable[[], None] = lambda: None

    def start(self, callback: Callable[[], None]) -> bool:
        """Called by livereload with its function to call on a change; True: no polling wanted."""
        from tornado.ioloop import IOLoop

        loop = IOLoop.current()
        self._notify = lambda: loop.add_callback(callback)
        for target in (self._watch_folders, self._watch_site_folder):
            threading.Thread(target=target, name=f"sitegen-{target.__name__}", daemon=True).start()
        return True

    def examine(self) -> tuple[str | None, float | None]:
        """Rebuild for the settled changes (on the server's thread); what livereload should reload."""
        self._changes.clear()  # livereload's start-up note ("no reload"), which would hide a first change
        with self._lock:
            changed, self._pending = self._pending, set()
        if not changed:
            return None, None
        self.rebuild(changed)
        self.tidy()  # on the next turn of the server's loop: after livereload has sent the reload
        self.filepath = None  # livereload then reloads the whole page, whatever changed
        return "*", None

    def tidy(self) -> None:
        from tornado.ioloop import IOLoop

        IOLoop.current().add_callback(self._tidy)

    def stop(self) -> None:
        self._stop.set()

    def _roots(self) -> list[Path]:
        folders = [self.site_dir / name for name in WATCHED if (self.site_dir / name).is_dir()]
        config = self.site_dir / "sitegen.toml"
        return folders + [config] if self.polling and config.is_file() else folders  # polled: renames are seen

    def _add(self, changes: Iterable[tuple[object, str]]) -> None:
        with self._lock:
            self._pending |= {Path(path) for _, path in changes}
        self._notify()

    def _watch_folders(self) -> None:
        while not self._stop.is_set():
            roots = self._roots()
            if not roots:
                self._stop.wait(1)
                continue
            try:
                for changes in watchfiles.watch(*roots, debounce=1600, step=self.STEP_MS, stop_event=self._stop,
                                                rust_timeout=1000, yield_on_timeout=True, raise_interrupt=False,
                                                force_polling=self.polling or None):
                    if changes:
                        self._add(changes)
                    if self._roots() != roots:  # a folder made or removed: watch what is there now
                        break
            except (OSError, RuntimeError) as error:  # no file events here (a limit reached, a network disk)
                if not self.polling:
                    self.echo(tr("File events are not available ({error}); looking at the files every 0.3 s "
                                 "instead.", error=error))
                self.polling = True
                self._stop.wait(0.5)

    def _watch_site_folder(self) -> None:
        def top_level(change: object, path: str) -> bool:
            return Path(path).parent == self.site_dir and Path(path).name in WATCHED

        try:
            for changes in watchfiles.watch(self.site_dir, watch_filter=top_level, recursive=False,
                                            step=self.STEP_MS, stop_event=self._stop, raise_interrupt=False):
                self._add(changes)
        except (OSError, RuntimeError):  # no file events: the folders' watch polls, and the config with them
            self.polling = True


# --- answering only this machine's browser ------------------------------------------------------

LOOPBACK = frozenset({"localhost", "127.0.0.1", "::1"})
EVERY_ADDRESS = frozenset({"", "0.0.0.0", "::"})  # a --bind that serves other machines too
HOST_HEADER = re.compile(r"(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(:[0-9]{1,5})?")
# What livereload puts before </head>: its script, from the port the page came from.
LIVE_SCRIPT = (b'<script>(function(){var s=document.createElement("script");'
               b'var port=window.location.port||(window.location.protocol=="https:"?443:80);'
               b's.src="//"+window.location.hostname+":"+port+"/livereload.js?port="+port;'
               b'document.head.appendChild(s);})();</script>')


class HostCheck:
    """Which Host headers the preview answers: this machine's loopback names and the --bind address.

    With --bind 0.0.0.0 (or ::) other machines reach it by this machine's IP address or name, so
    those are answered too. An IP address is always safe: DNS rebinding needs a name.
    """

    def __init__(self, bind: str) -> None:
        self.names = LOOPBACK | {bind.strip("[]").lower()}
        self.everywhere = bind in EVERY_ADDRESS
        if self.everywhere:
            self.names |= {socket.gethostname().lower()}

    def allows(self, header: str) -> bool:
        match = HOST_HEADER.fullmatch(header)
        if match is None:
            return False
        name = match.group(1).strip("[]").lower()
        return name in self.names or (self.everywhere and _is_address(name))


def _is_address(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


class Guarded(web.RequestHandler):
    """Refuses, before anything else, a request addressed to a name that is not this machine's preview."""

    def prepare(self) -> None:
        check: HostCheck = self.settings["sitegen_hosts"]
        if not check.allows(self.request.host):
            self.set_status(403)
            self.set_header("Content-Type", "text/plain; charset=utf-8")
            self.finish("403: this preview answers only http://127.0.0.1, http://localhost and http://[::1] "
                        "(or the --bind address), with or without the port.\n")


class PreviewFiles(Guarded, StaticFileHandler):
    """The preview's files; a path with a control character (%00) is not found, not a server error."""

    def parse_url_path(self, url_path: str) -> str:
        if has_control(url_path):
            raise web.HTTPError(404)
        return super().parse_url_path(url_path)


class Reloads(Guarded, LiveReloadHandler):
    """livereload's WebSocket, for pages of this preview only (livereload accepts any web site's)."""

    def check_origin(self, origin: str) -> bool:
        return False  # Tornado asks only about an Origin other than the preview itself


class ReloadScript(Guarded, LiveReloadJSHandler):
    pass


class PreviewServer(Server):
    """livereload's server with every handler guarded, and without `/forcereload`."""

    def __init__(self, watcher: Watcher, bind: str) -> None:
        super().__init__(watcher=watcher)
        self.hosts = HostCheck(bind)

    def _setup_logging(self) -> None:
        """livereload turns its log up to INFO as it starts, which prints English lines ("Serving
        on …") beside sitegen's own in the reader's language: keep only its errors."""
        super()._setup_logging()
        logging.getLogger("livereload").setLevel(logging.ERROR)

    def application(self, port: int, host: str, liveport: Any = None, debug: Any = None,
                    live_css: bool = True) -> None:
        """What livereload's `application` does for sitegen's options (one port, no debug)."""
        LiveReloadHandler.watcher = self.watcher
        LiveReloadHandler.live_css = live_css

        class WithScript(LiveScriptInjector):
            script = LIVE_SCRIPT

        handlers = [(r"/livereload", Reloads), (r"/livereload.js", ReloadScript),
                    (r"/(.*)", PreviewFiles, {"path": self.root, "default_filename": self.default_filename})]
        app = web.Application(handlers, transforms=[WithScript], sitegen_hosts=self.hosts)
        app.listen(port, address=host)


def serve(site_dir: Path, host: str, port: int, echo: Callable[[str], None]) -> None:
    """Build, then serve and rebuild on every change until interrupted."""
    # livereload ignores a change within 3 s of the last reload; the watcher settles changes
    # into one build itself, and a staff member saving twice quickly should see the second save.
    LiveReloadHandler.DEFAULT_RELOAD_TIME = 0

    for name in ("livereload", "tornado.access", "tornado.application", "tornado.general"):
        logging.getLogger(name).setLevel(logging.ERROR)
    preview = Preview(site_dir, f"http://{host}:{port}/", echo)
    preview.rebuild()
    preview.session.collect()
    watcher = ChangeWatcher(preview.site_dir, preview.rebuild, preview.session.collect, echo)
    server = PreviewServer(watcher, host)
    echo(tr("Serving the preview at {url} (drafts and future releases included and marked).",
            url=f"http://{host}:{port}/"))
    echo(tr("Save a file to rebuild; press Ctrl+C to stop. The published folder is not touched."))
    try:
        # restart_delay "forever": no reload of every open page merely because the server started
        server.serve(root=str(preview.output), host=host, port=port, open_url_delay=None, restart_delay="forever")
    finally:
        watcher.stop()
