"""The humas theme as a reader meets it (issue 19): the home page as a newsroom front, focus rings
that show on the blue header, the search page that loads Pagefind only when asked, print, tap
targets, and yearly archives in pages like the news list."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from sitegen.commands.build import build
from sitegen.commands.prepare import BuildOptions
from tests.browser import serve
from tests.conftest import NOW, REPO, build_site, page

RELEASE = "/berita/2025-08-22-rakornis-evaluasi-layanan/"  # the example release with a photo


# --- yearly archives in pages ----------------------------------------------------------------


def add_releases(site: Path, count: int) -> None:
    """`count` more Indonesian releases in July 2025 (the minimal site has three in 2025; two a page)."""
    for n in range(count):
        folder = site / "content/news" / f"2025-07-{n + 1:02d}-tambahan-{n}"
        folder.mkdir()
        (folder / "index.id.md").write_text(
            f"---\ntitle: Rilis tambahan {n}\ndate: 2025-07-{n + 1:02d}\n---\nIsi rilis tambahan {n}.\n",
            encoding="utf-8")


def test_a_years_archive_is_paginated_like_the_news_list(site: Path) -> None:
    add_releases(site, 3)  # six releases of 2025, two a page: three pages
    public = build_site(site)
    first, second, third = (page(public, p) for p in ("/arsip/2025/", "/arsip/2025/halaman/2/",
                                                       "/arsip/2025/halaman/3/"))
    titles = [[a.get_text() for a in doc.select(".card-title a")] for doc in (first, second, third)]
    assert titles == [["Rakornis Evaluasi Layanan", "Sosialisasi Migrasi Aman"],
                      ["Rilis tambahan 2", "Rilis tambahan 1"], ["Rilis Berkunci", "Rilis tambahan 0"]]
    assert first.select_one(".pagination a[rel=next]")["href"] == "/arsip/2025/halaman/2/"
    assert first.select_one(".pagination a[rel=prev]") is None
    assert second.select_one(".pagination a[rel=prev]")["href"] == "/arsip/2025/"
    assert second.select_one(".pagination a[rel=next]")["href"] == "/arsip/2025/halaman/3/"
    assert third.select_one(".pagination a[rel=next]") is None
    assert not (public / "arsip/2025/halaman/4").exists()
    assert second.select_one(".pagination span").get_text() == "Halaman 2 dari 3"
    assert second.title.get_text() == "Arsip 2025 (Halaman 2 dari 3) · Situs Uji"
    # Every page says how many releases the year has in all; the year's overview counts them too.
    assert {doc.select_one("main > .meta").get_text() for doc in (first, second, third)} == {"6 rilis"}
    assert "(6 rilis)" in page(public, "/arsip/").select_one(".terms-list").get_text()
    # The first page is the translation of the English 2025 archive; the others have none.
    assert [link["hreflang"] for link in first.select('link[rel="alternate"][hreflang]')] == ["id", "en", "x-default"]
    assert second.select('link[rel="alternate"][hreflang]') == []


# --- the example site: home page, release, print --------------------------------------------


@pytest.fixture(scope="module")
def public(tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("newsroom") / "public"
    build(BuildOptions(site_dir=REPO, output=output, now=NOW.replace(year=2026)))
    return output


def test_the_lead_story_shows_its_photo_first_and_eagerly(public: Path) -> None:
    home = page(public, "/")
    photo = home.select_one(".featured picture img")
    assert photo["alt"].startswith("Ilustrasi: peserta rapat duduk berbaris")
    assert photo.get("fetchpriority") == "high" and photo.get("loading") is None
    assert (photo["width"], photo["height"]) == ("1200", "675")
    assert "-480.webp 480w" in home.select_one(".featured picture source")["srcset"]


def test_the_lead_photo_of_a_release_is_fetched_first(public: Path) -> None:
    photo = page(public, RELEASE).select_one(".lead-photo img")
    assert photo.get("fetchpriority") == "high" and photo.get("loading") is None
    # A photo in the text is below the fold: lazy, never high priority.
    assert all(img.get("fetchpriority") is None for img in page(public, RELEASE).select(".body img"))


def test_lists_show_a_thumbnail_where_a_release_has_a_photo(public: Path) -> None:
    cards = page(public, "/berita/").select(".card")
    with_photo = [card for card in cards if card.select_one("img")]
    assert [card.select_one(".card-title a")["href"] for card in with_photo] == [RELEASE]
    thumbnail = with_photo[0].select_one("img")
    assert thumbnail["alt"] == ""  # the headline beside it says what it is
    assert (thumbnail["width"], thumbnail["height"]) == ("1200", "675")
    assert thumbnail["sizes"] == "(min-width: 40rem) 12rem, 7rem"
    # Below the fold (not the list's first card): lazy.
    assert cards.index(with_photo[0]) > 0 and thumbnail["loading"] == "lazy"


def test_key_figures_say_whose_count_they_are(public: Path) -> None:
    figures = [(li["class"][0], li.select_one(".key-scope").get_text(), li.select_one(".key-value").get_text(),
                li.select_one(".key-label").get_text()) for li in page(public, "/").select(".key-figures li")]
    assert figures == [
        ("scope-office", "BP3MI DKI Jakarta", "40.790", "PMI ditempatkan sepanjang 2025"),
        ("scope-office", "BP3MI DKI Jakarta", "20.191", "Keberangkatan PMI diproses, Semester I 2025"),
        ("scope-national", "Nasional", "99.485", "PMI penata laksana rumah tangga ditempatkan, 2024"),
        ("scope-national", "Nasional", "99.168", "PMI ditempatkan ke Hongkong sepanjang 2024"),
    ]
    english = page(public, "/en/").select(".key-figures li")
    assert [li.select_one(".key-scope").get_text() for li in english][2:] == ["National", "National"]


@pytest.fixture(scope="module")
def site_url(public: Path) -> Iterator[str]:
    with serve(public) as url:
        yield url


def new_tab(browser: Browser, width: int, scheme: str = "light") -> Page:
    return browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme).new_page()


# The contrast of each focus ring with what is painted just outside it, where the ring is drawn:
# WCAG 2.2 asks 3:1 of a focus indicator against what is next to it.
RING_CONTRAST = """(el) => {
  const style = getComputedStyle(el);
  const parse = (c) => {
    const p = c.match(/[\\d.]+/g).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const channel = (v) => { v /= 255; return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
  const luminance = (c) => 0.2126 * channel(c[0]) + 0.7152 * channel(c[1]) + 0.0722 * channel(c[2]);
  const over = (top, below) => [0, 1, 2].map((i) => top[i] * top[3] + below[i] * (1 - top[3])).concat(1);
  const behind = (x, y) => {
    let color = [255, 255, 255, 1];
    for (const e of document.elementsFromPoint(x, y).reverse()) {
      if (e === el || el.contains(e)) continue;
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c[3] > 0) color = over(c, color);
    }
    return color;
  };
  if (style.outlineStyle === "none" || parseFloat(style.outlineWidth) < 2) return {ratio: 0, ring: "none"};
  const ring = parse(style.outlineColor);
  const r = el.getBoundingClientRect();
  const away = parseFloat(style.outlineOffset) + parseFloat(style.outlineWidth) / 2;
  const points = [[r.left - away, (r.top + r.bottom) / 2], [r.right + away, (r.top + r.bottom) / 2],
                  [(r.left + r.right) / 2, r.top - away], [(r.left + r.right) / 2, r.bottom + away]]
    .filter(([x, y]) => x >= 0 && y >= 0 && x < innerWidth && y < innerHeight);
  const ratios = points.map(([x, y]) => {
    const [a, b] = [luminance(ring), luminance(behind(x, y))].sort((m, n) => n - m);
    return (a + 0.05) / (b + 0.05);
  });
  return {ratio: Math.min(...ratios), ring: style.outlineColor};
}"""


@pytest.mark.browser
@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_focus_ring_stands_out_in_the_header_menu_and_footer(
        browser: Browser, site_url: str, scheme: str, width: int) -> None:
    tab = new_tab(browser, width, scheme)
    measured, weak = [], []
    for path in ("/", "/en/"):
        tab.goto(site_url + path)
        seen = set()
        for _ in range(120):  # every Tab stop of the page, as a keyboard reader meets them
            tab.keyboard.press("Tab")
            stop = tab.evaluate_handle("document.activeElement")
            where = stop.evaluate("e => e.closest('.site-header, .site-footer, .skip-link') ? "
                                  "(e.textContent.trim() || e.getAttribute('href')) : null")
            key = stop.evaluate("e => e.outerHTML")
            if key in seen or stop.evaluate("e => e === document.body"):
                break
            seen.add(key)
            if where is None:
                continue
            found = stop.evaluate(RING_CONTRAST)
            measured.append(where)
            if found["ratio"] < 3:
                weak.append(f"{path} {where!r}: {found['ring']} at {found['ratio']:.2f}:1")
    tab.context.close()
    # The skip link, the brand, the other language, eight menu items; the footer's four links.
    assert len(measured) == 2 * (1 + 1 + 1 + 8 + 4), measured
    assert weak == []


@pytest.mark.browser
def test_search_loads_pagefind_only_when_the_reader_turns_to_the_form(browser: Browser, site_url: str) -> None:
    tab = new_tab(browser, 360)
    fetched: list[str] = []
    tab.on("request", lambda request: fetched.append(request.url))
    tab.goto(site_url + "/cari/", wait_until="networkidle")
    assert [url for url in fetched if "/pagefind/" in url] == []
    tab.focus("#search-input")
    tab.wait_for_selector("#search-form[data-ready]")
    assert any(url.endswith(".pagefind") for url in fetched)  # the index
    assert any("wasm" in url for url in fetched)  # Pagefind's WebAssembly
    assert tab.locator("#search-category option").count() > 1  # its filters, filled in once loaded
    tab.context.close()


def test_without_javascript_the_search_page_says_so(public: Path) -> None:
    notice = page(public, "/en/search/").select_one("noscript p")
    assert notice.get_text() == "Search needs JavaScript. Every release can also be found in the Archive"
    assert notice.a["href"] == "/en/archive/"


@pytest.mark.browser
def test_main_has_room_above_and_below(browser: Browser, site_url: str) -> None:
    tab = new_tab(browser, 360)
    for path in ("/statistik/", "/cari/"):
        tab.goto(site_url + path)
        gap = tab.evaluate("document.querySelector('main h1').getBoundingClientRect().top"
                           " - document.querySelector('.site-header').getBoundingClientRect().bottom")
        assert gap >= 24, f"{path}: the h1 sits {gap} px under the menu"
    tab.goto(site_url + RELEASE)
    gap = tab.evaluate("document.querySelector('.site-footer').getBoundingClientRect().top"
                       " - document.querySelector('.prev-next').getBoundingClientRect().bottom")
    assert gap >= 24, f"the previous/next links sit {gap} px above the footer"
    tab.context.close()


@pytest.mark.browser
def test_previous_and_next_fill_a_phone_and_stay_in_the_text_column(browser: Browser, site_url: str) -> None:
    path = "/berita/2025-06-20-waspada-penempatan-nonprosedural/"  # has an older and a newer release
    boxes = ("[...document.querySelectorAll('.prev-next a'), document.querySelector('.release .body')]"
             ".map(e => e.getBoundingClientRect().toJSON())")
    phone = new_tab(browser, 360)
    phone.goto(site_url + path)
    older, newer, text = phone.evaluate(boxes)
    assert older["width"] == newer["width"] == text["width"]  # stacked, each as wide as the text
    assert newer["top"] >= older["bottom"]
    phone.context.close()
    desktop = new_tab(browser, 1280)
    desktop.goto(site_url + path)
    older, newer, text = desktop.evaluate(boxes)
    assert older["top"] == newer["top"]  # side by side
    assert older["left"] >= text["left"] and newer["right"] <= text["right"] + 0.5
    desktop.context.close()


@pytest.mark.browser
def test_every_share_link_is_a_target_of_24_px_or_more(browser: Browser, site_url: str) -> None:
    tab = new_tab(browser, 360)
    tab.goto(site_url + RELEASE)
    sizes = tab.evaluate("[...document.querySelectorAll('.share li a')].map(a => "
                         "[a.textContent, a.getBoundingClientRect().width, a.getBoundingClientRect().height])")
    assert [name for name, _, _ in sizes] == ["WhatsApp", "Facebook", "X"]
    assert all(width >= 24 and height >= 24 for _, width, height in sizes), sizes
    tab.context.close()


@pytest.mark.browser
def test_a_printed_release_gives_each_links_address(browser: Browser, site_url: str) -> None:
    tab = new_tab(browser, 1280)
    tab.goto(site_url + "/berita/2025-01-10-capaian-penempatan-nasional-2024/")
    tab.emulate_media(media="print")
    printed = tab.evaluate("[...document.querySelectorAll('.body a[href^=\"http\"]')].map(a => "
                           "[a.href, getComputedStyle(a, '::after').content])")
    assert printed, "the release links to another site"
    assert all(content == f'" (" "{href}" ")"' or content == f'" ({href})"' for href, content in printed), printed
    tab.emulate_media(media="screen")
    assert tab.evaluate("getComputedStyle(document.querySelector('.body a[href^=\"http\"]'), '::after').content") \
        == "none"
    tab.context.close()
