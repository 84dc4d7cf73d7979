"""Screenshots of a release's chart at 360 and 1280 px, light and dark, for docs/screenshots/.

    .venv/bin/python scripts/chart-screenshots.py [built public/ folder]

Builds the example site into a temporary folder unless given one, serves it and photographs the
first chart of the national-placements release in Indonesian and English.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.browser import built_example, chromium, serve  # noqa: E402

PAGES = {"id": "/berita/2025-01-10-capaian-penempatan-nasional-2024/",
         "en": "/en/news/national-placements-2024/"}


def main() -> None:
    public = built_example(sys.argv[1] if len(sys.argv) > 1 else None)
    out = REPO / "docs" / "screenshots"
    with serve(public) as url, chromium() as browser:
        for lang, path in PAGES.items():
            if not (public / path.strip("/") / "index.html").is_file():
                continue
            for width in (360, 1280):
                for scheme in ("light", "dark"):
                    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
                    tab = context.new_page()
                    tab.goto(url + path)
                    figure = tab.locator("figure.chart").first
                    figure.scroll_into_view_if_needed()
                    tab.wait_for_function("() => [...document.querySelectorAll('figure.chart img')]"
                                          ".every(i => i.complete && i.naturalWidth)")
                    figure.screenshot(path=str(out / f"chart-{lang}-{width}-{scheme}.png"))
                    context.close()
                    print(out / f"chart-{lang}-{width}-{scheme}.png")


if __name__ == "__main__":
    main()
