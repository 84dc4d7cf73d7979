"""Screenshots of the home page and a release at 360 and 1280 px, light and dark, for docs/screenshots/.

    .venv/bin/python scripts/newsroom-screenshots.py [built public/ folder] [output folder]

Builds the example site into a temporary folder unless given one. Each picture is the first screen
and a half (a phone) or the first screen (a desktop), so they stay small enough for the README.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.browser import built_example, chromium, serve  # noqa: E402

PAGES = {"home": "/", "release": "/berita/2025-08-22-rakornis-evaluasi-layanan/"}
HEIGHTS = {360: 1100, 1280: 900}  # how much of the page each picture shows


def small(file: Path) -> None:
    """The PNG in 256 colours: a fifth of its size, and the text as sharp."""
    from PIL import Image

    with Image.open(file) as shot:
        reduced = shot.convert("RGB").quantize(256, method=Image.Quantize.MEDIANCUT)
    reduced.save(file, optimize=True)


def main() -> None:
    public = built_example(sys.argv[1] if len(sys.argv) > 1 else None)
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else REPO / "docs" / "screenshots"
    with serve(public) as url, chromium() as browser:
        for name, path in PAGES.items():
            for width, height in HEIGHTS.items():
                for scheme in ("light", "dark"):
                    context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme)
                    tab = context.new_page()
                    tab.goto(url + path, wait_until="networkidle")
                    file = out / f"newsroom-{name}-id-{width}-{scheme}.png"
                    tab.screenshot(path=str(file))
                    small(file)
                    context.close()
                    print(file)


if __name__ == "__main__":
    main()
