"""The built example site in headless Chromium: the language switcher as a reader uses it."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from urllib.parse import urlsplit
from urllib.request import urlopen

import pytest
from playwright.sync_api import Browser, Page

from sitegen.commands.build import build
from sitegen.commands.prepare import BuildOptions
from tests.browser import serve
from tests.conftest import NOW, REPO

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    output = tmp_path_factory.mktemp("browser") / "public"
    build(BuildOptions(site_dir=REPO, output=output, now=NOW.replace(year=2026)))
    with serve(output) as url:
        yield url


@pytest.fixture
def tab(browser: Browser, site_url: str) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 360, "height": 740})
    tab = context.new_page()
    hosts: list[str] = []
    tab.on("request", lambda request: hosts.append(urlsplit(request.url).netloc))
    yield tab
    assert set(hosts) <= {urlsplit(site_url).netloc}, f"requests to other hosts: {set(hosts)}"
    context.close()


def test_the_switcher_takes_a_reader_to_the_same_release_in_english(tab: Page, site_url: str) -> None:
    tab.goto(f"{site_url}/berita/2025-08-22-rakornis-evaluasi-layanan/")
    tab.get_by_role("navigation", name="Pilih bahasa").get_by_role("link", name="English").click()
    tab.wait_for_load_state()
    assert urlsplit(tab.url).path == "/en/news/coordination-meeting-reviews-services/"
    assert tab.locator("html").get_attribute("lang") == "en"
    assert tab.locator("h1").inner_text() == (
        "BP3MI DKI Jakarta Coordination Meeting Reviews Placement and Protection Services")
    tab.get_by_role("navigation", name="Choose language").get_by_role("link", name="Bahasa Indonesia").click()
    tab.wait_for_load_state()
    assert urlsplit(tab.url).path == "/berita/2025-08-22-rakornis-evaluasi-layanan/"


def test_an_untranslated_release_leads_to_the_english_home_with_a_visible_notice(
    tab: Page, site_url: str
) -> None:
    tab.goto(f"{site_url}/en/")
    assert not tab.locator("#no-translation").is_visible()
    tab.goto(f"{site_url}/berita/2025-08-12-jam-layanan-hut-ri-80/")
    link = tab.get_by_role("navigation", name="Pilih bahasa").get_by_role("link", name="English")
    assert "not yet available" in link.inner_text()
    link.click()
    tab.wait_for_load_state()
    assert urlsplit(tab.url).path == "/en/"
    notice = tab.locator("#no-translation")
    assert notice.is_visible()
    assert notice.inner_text().startswith("The release you opened is not available in English yet.")


def test_the_release_page_fits_a_phone_screen(tab: Page, site_url: str) -> None:
    for path in ("/", "/berita/2025-08-22-rakornis-evaluasi-layanan/", "/en/news/"):
        tab.goto(site_url + path)
        width = tab.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, f"{path} scrolls sideways: {width}px wide"


def search(tab: Page, site_url: str, path: str, query: str) -> list[str]:
    """Type a query on a search page and return the titles found."""
    tab.goto(site_url + path)
    tab.focus("#search-input")  # Pagefind loads when the reader turns to the form
    tab.wait_for_selector("#search-form[data-ready]")
    tab.get_by_role("searchbox", name=tab.locator('label[for="search-input"]').inner_text()).fill(query)
    tab.wait_for_function("document.getElementById('search-status').textContent !== ''")
    return tab.locator("#search-results h2").all_inner_texts()


def test_an_indonesian_search_finds_other_forms_of_the_word(tab: Page, site_url: str) -> None:
    found = search(tab, site_url, "/cari/", "naik")
    # The Rakornis release says "kenaikan", never "naik": only stemming finds it.
    assert "Rakornis BP3MI DKI Jakarta Evaluasi Layanan Penempatan dan Pelindungan PMI" in found
    assert "Refleksi 2023: Penempatan PMI Naik Menjadi 273.747" in found
    assert tab.locator("#search-status").inner_text() == f"{len(found)} rilis ditemukan"
    assert tab.locator("#search-results mark").first.is_visible()


def test_an_english_search_finds_english_releases_only(tab: Page, site_url: str) -> None:
    found = search(tab, site_url, "/en/search/", "increase")
    assert found == ["Looking Back at 2023: Placements Rose to 273,747"]
    assert search(tab, site_url, "/en/search/", "kenaikan") == []


def test_the_search_page_merges_every_part_of_the_index(tab: Page, site_url: str) -> None:
    """`sitegen build` indexes each year of releases, and the other pages, as parts of their own
    (search.py); the page loads the newest and merges the others (Pagefind's mergeIndex)."""
    with urlopen(f"{site_url}/pagefind/parts.json") as answer:
        assert json.load(answer) == ["2024", "pages"]  # the 2025 releases are the bundle itself
    assert search(tab, site_url, "/cari/", "Rakornis")[0].startswith("Rakornis BP3MI DKI Jakarta")  # 2025
    assert "160.496 PMI Ditempatkan pada Semester I 2024" in search(tab, site_url, "/cari/", "160.496")  # 2024
    assert "Kontak dan Layanan Pengaduan" in search(tab, site_url, "/cari/", "Kontak")  # the pages
    # A word in one part only: the other parts' nearest prefixes ("in") are not shown beside it.
    assert search(tab, site_url, "/en/search/", "increase") == ["Looking Back at 2023: Placements Rose to 273,747"]


def test_search_filters_by_category_and_year(tab: Page, site_url: str) -> None:
    tab.goto(site_url + "/cari/")
    tab.focus("#search-category")  # Pagefind loads when the reader turns to the form
    tab.wait_for_selector("#search-form[data-ready]")
    tab.get_by_label("Kategori").select_option("Layanan")
    tab.wait_for_function("document.getElementById('search-status').textContent !== ''")
    assert tab.locator("#search-results h2").all_inner_texts() == [
        "Keluarga PMI Dapat Melapor Masalah Lewat Layanan Pengaduan BP3MI DKI Jakarta",
        "Penyesuaian Jam Layanan BP3MI DKI Jakarta pada Libur HUT ke-80 RI"]
    tab.get_by_label("Kategori").select_option("")
    tab.get_by_label("Tahun").select_option("2024")
    tab.wait_for_function("!document.getElementById('search-results').textContent.includes('Keluarga')")
    assert sorted(tab.locator("#search-results h2").all_inner_texts()) == [
        "160.496 PMI Ditempatkan pada Semester I 2024", "Refleksi 2023: Penempatan PMI Naik Menjadi 273.747"]


def test_an_old_url_redirects_to_the_release(tab: Page, site_url: str) -> None:
    tab.goto(f"{site_url}/2025/08/rakornis-bp3mi-dki-jakarta/")
    tab.wait_for_url("**/berita/2025-08-22-rakornis-evaluasi-layanan/")
    assert tab.locator("h1").inner_text().startswith("Rakornis BP3MI DKI Jakarta")


def test_a_chart_is_drawn_interactively_from_files_on_the_site_itself(tab: Page, site_url: str) -> None:
    requests: list[str] = []
    tab.on("request", lambda request: requests.append(urlsplit(request.url).path))
    tab.goto(f"{site_url}/en/statistics/penempatan-nasional/")
    figure = tab.locator("figure.chart").first
    tab.wait_for_load_state("networkidle")
    assert not any(path.startswith("/js/charts-") for path in requests)  # Vega only when asked (issue 15)
    figure.get_by_role("button", name="Explore the data").click()
    drawn = figure.locator(".chart-canvas svg.marks")
    drawn.wait_for(timeout=15_000)
    assert figure.get_attribute("class") == "chart chart-interactive"
    assert figure.locator(".chart-canvas img").count() == 0  # the static SVG is replaced
    assert drawn.get_attribute("aria-label").startswith("Bar chart: National placements of migrant workers")
    # A tooltip for the 2024 bar, in the page's language and locale.
    bars = figure.locator('.chart-canvas svg path[aria-roledescription="bar"]')
    assert bars.count() == 6
    bars.nth(4).hover()
    tooltip = tab.locator("#vg-tooltip-element")
    tooltip.wait_for(state="visible", timeout=5_000)
    assert "295,439" in tooltip.inner_text() and "2024" in tooltip.inner_text()
    assert any(path.startswith("/js/charts-") for path in requests)
    assert any(path.endswith(".vl.json") for path in requests)


def test_without_javascript_a_chart_is_its_static_image(browser: Browser, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740})
    tab = context.new_page()
    tab.goto(f"{site_url}/statistik/penempatan-nasional/")
    image = tab.locator("figure.chart .chart-canvas img").first
    assert image.evaluate("img => img.complete && img.naturalWidth > 0")
    assert image.get_attribute("alt").startswith("Diagram batang: Penempatan PMI nasional")
    assert tab.locator("figure.chart details").first.evaluate("d => d.open") is False
    context.close()


def test_a_release_without_charts_stays_within_the_data_budget(browser: Browser, site_url: str) -> None:
    """At most 35 KB (compressed) and one request beyond the HTML before images, all from the site."""
    context = browser.new_context(viewport={"width": 360, "height": 740})
    tab = context.new_page()
    loaded: list[tuple[str, str, bytes]] = []
    tab.on("requestfinished", lambda request: loaded.append(
        (request.resource_type, request.url, request.response().body() if request.response() else b"")))
    tab.goto(f"{site_url}/berita/2025-06-20-waspada-penempatan-nonprosedural/", wait_until="networkidle")
    context.close()
    # The favicon (the logo, an SVG) is fetched as "other": an image all the same.
    images = (".svg", ".png", ".jpg", ".jpeg", ".webp", ".ico")
    before_images = [(kind, url, body) for kind, url, body in loaded
                     if kind != "image" and not urlsplit(url).path.endswith(images)]
    assert sorted(kind for kind, _, _ in before_images) == ["document", "stylesheet"]
    compressed = sum(len(gzip.compress(body, 9)) for _, _, body in before_images)
    assert compressed <= 35 * 1024, f"{compressed} bytes"
    assert {urlsplit(url).netloc for _, url, _ in loaded} == {urlsplit(site_url).netloc}
    assert not any(kind == "script" for kind, _, _ in loaded)  # no JavaScript on a page without charts


def test_a_release_prints_as_a_press_release(tab: Page, site_url: str) -> None:
    tab.goto(f"{site_url}/berita/2025-06-20-waspada-penempatan-nonprosedural/")
    assert not tab.locator(".print-letterhead").is_visible()
    tab.emulate_media(media="print")
    assert tab.locator(".print-letterhead").inner_text().startswith(
        "SIARAN PERS · BALAI PELAYANAN PELINDUNGAN PEKERJA MIGRAN INDONESIA DKI JAKARTA")
    assert tab.locator(".print-source").inner_text() == (
        "https://bp3mi-dki-jakarta.example.org/berita/2025-06-20-waspada-penempatan-nonprosedural/")
    for hidden in (".site-header", ".site-footer", ".share", ".related", ".prev-next"):
        assert all(not element.is_visible() for element in tab.locator(hidden).all()), hidden
    assert tab.locator("h1").is_visible() and tab.locator(".credit").is_visible()
