"""`sitegen serve` in a subprocess, watched from headless Chromium: saves reload the page, a broken
build shows its problems over the last good page, and the published folder is never touched."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page

from tests.conftest import make_site

pytestmark = pytest.mark.browser
RELEASE = "content/news/2025-08-22-rakornis/index.id.md"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def running_preview(site: Path, log_file: Path, *options: str) -> Iterator[str]:
    """`sitegen serve` in a process of its own, once it answers; its URL. Ended on leaving."""
    port = free_port()
    with log_file.open("w") as log:
        process = subprocess.Popen([sys.executable, "-m", "sitegen", "serve", "-s", str(site), "--port", str(port),
                                    *options], stdout=log, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    urllib.request.urlopen(url + "/", timeout=1).read()
                    break
                except OSError:
                    if time.monotonic() > deadline or process.poll() is not None:
                        raise AssertionError(log_file.read_text()) from None
                    time.sleep(0.2)
            yield url
        finally:
            process.terminate()
            process.wait(timeout=10)


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    site = make_site(tmp_path)
    with running_preview(site, tmp_path / "serve.log") as url:
        yield site, url


@pytest.fixture
def tab(browser: Browser, served: tuple[Path, str]) -> Iterator[Page]:
    context = browser.new_context()
    tab = context.new_page()
    hosts: list[str] = []
    tab.on("request", lambda request: hosts.append(urlsplit(request.url).netloc))
    yield tab
    assert set(hosts) <= {urlsplit(served[1]).netloc}, f"requests to other hosts: {set(hosts)}"
    context.close()


def open_live(tab: Page, url: str) -> None:
    """Open a page and wait until its livereload connection has said hello."""
    tab.goto(url)
    tab.wait_for_function("window.LiveReload && LiveReload.connector && LiveReload.connector.protocol",
                          timeout=10_000)


def save(site: Path, path: str, old: str, new: str) -> None:
    file = site / path
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_saved_release_reloads_in_the_browser(served: tuple[Path, str], tab: Page) -> None:
    site, url = served
    open_live(tab, f"{url}/berita/2025-08-22-rakornis/")
    assert tab.locator("h1").inner_text() == "Rakornis Evaluasi Layanan"
    tab.evaluate("window.sitegenMark = 'still the same page'")
    save(site, RELEASE, "title: Rakornis Evaluasi Layanan", "title: Rakornis Diperbarui")
    tab.wait_for_function("document.querySelector('h1').textContent === 'Rakornis Diperbarui'", timeout=20_000)
    assert tab.evaluate("window.sitegenMark") is None  # livereload reloaded it: nobody navigated
    assert not (site / "public").exists()  # the preview never touches the published folder


def test_a_broken_build_shows_its_problem_over_the_last_good_page_until_fixed(
    served: tuple[Path, str], tab: Page
) -> None:
    site, url = served
    open_live(tab, f"{url}/berita/2025-08-22-rakornis/")
    (site / "templates").mkdir()
    (site / "templates/single.html").write_text("{% extends 'base.html' %}\n{% block main %}{{ page.title }\n"
                                                "{% endblock %}\n")
    overlay = tab.locator("#sitegen-error")
    overlay.wait_for(timeout=20_000)
    assert "templates/single.html:2: template syntax error" in overlay.inner_text()
    assert tab.locator("h1").inner_text() == "Rakornis Evaluasi Layanan"  # the last good page, underneath
    (site / "templates/single.html").unlink()
    tab.wait_for_function("window.LiveReload && LiveReload.connector && LiveReload.connector.protocol")
    save(site, RELEASE, "title: Rakornis Evaluasi Layanan", "title: Rakornis Pulih")
    tab.wait_for_function("document.querySelector('h1').textContent === 'Rakornis Pulih'", timeout=20_000)
    assert tab.locator("#sitegen-error").count() == 0


def test_drafts_and_future_releases_are_previewed_and_marked(served: tuple[Path, str], tab: Page) -> None:
    _, url = served
    tab.goto(f"{url}/berita/draf/")
    assert tab.get_by_role("note").inner_text() == "Draf: belum terbit sampai baris draft: true dihapus"
    tab.goto(f"{url}/berita/2025-08-22-rakornis/")
    assert tab.get_by_role("note").count() == 0
