"""The built example site, checked by the tools readers' browsers are judged by: the Nu HTML Checker
(valid HTML) and axe-core in headless Chromium (accessibility), for every page type in both
languages, light and dark, on a phone and a desktop. Screenshots go to tests/artifacts/."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from sitegen.commands.build import build
from sitegen.commands.prepare import BuildOptions
from tests.browser import serve
from tests.conftest import NOW, REPO

pytestmark = pytest.mark.browser
NODE_MODULES = REPO / "node_modules"
ARTIFACTS = REPO / "tests/artifacts/screens"
PAGE_TYPES = {  # name -> (Indonesian path, English path)
    "home": ("/", "/en/"),
    "list": ("/berita/", "/en/news/"),
    "release": ("/berita/2025-08-22-rakornis-evaluasi-layanan/", "/en/news/coordination-meeting-reviews-services/"),
    "taxonomy": ("/kategori/", "/en/categories/"),
    "term": ("/kategori/penempatan/", "/en/categories/placement/"),
    "archive": ("/arsip/2025/", "/en/archive/2025/"),
    "page": ("/profil/", "/en/profile/"),
    "404": ("/404.html", "/en/404.html"),
    "search": ("/cari/", "/en/search/"),
    "statistics": ("/statistik/", "/en/statistics/"),
    "dataset": ("/statistik/penempatan-nasional/", "/en/statistics/penempatan-nasional/"),
}


@pytest.fixture(scope="module")
def public(tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("quality") / "public"
    build(BuildOptions(site_dir=REPO, output=output, now=NOW.replace(year=2026)))
    return output


def test_every_built_page_is_valid_html(public: Path) -> None:
    vnu = NODE_MODULES / "vnu-jar/build/dist/vnu.jar"
    assert vnu.is_file(), "run ./scripts/test, which installs vnu-jar from npm"
    assert shutil.which("java"), "run ./scripts/test, which installs Java"
    result = subprocess.run(["java", "-jar", str(vnu), "--errors-only", "--skip-non-html", "--format", "json",
                             str(public)], capture_output=True, text=True, check=False)
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    errors = [f"{m.get('url', '').split('/public/')[-1]}:{m.get('lastLine')}: {m['message']}" for m in messages
              if m.get("type") == "error"]
    assert errors == []


@pytest.fixture(scope="module")
def site_url(public: Path) -> Iterator[str]:
    with serve(public) as url:
        yield url


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("kind", sorted(PAGE_TYPES))
def test_every_page_type_passes_axe_and_fits_the_screen(
    browser: Browser, site_url: str, kind: str, scheme: str, width: int
) -> None:
    axe = NODE_MODULES / "axe-core/axe.min.js"
    assert axe.is_file(), "run ./scripts/test, which installs axe-core from npm"
    context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme)
    tab = context.new_page()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    problems = []
    for lang, path in zip(("id", "en"), PAGE_TYPES[kind], strict=True):
        tab.goto(site_url + path, wait_until="networkidle")
        tab.add_script_tag(path=str(axe))
        result = tab.evaluate("axe.run(document, {resultTypes: ['violations']})")
        problems += [f"{lang} {path}: {v['id']} ({v['impact']}): {v['help']} — "
                     + "; ".join(n["target"][0] for n in v["nodes"][:3]) for v in result["violations"]]
        overflow = tab.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        if overflow > 0:
            problems.append(f"{lang} {path}: scrolls sideways by {overflow} px at {width} px")
        if scheme == "light":
            tab.screenshot(path=str(ARTIFACTS / f"{kind}-{lang}-{width}.png"), full_page=True)
    context.close()
    assert problems == []
