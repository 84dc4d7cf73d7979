"""Render charts at build time with vl-convert, and vendor the script that makes them interactive.

Every chart becomes an SVG (read with JavaScript off, in feeds and in print), a PNG (for
download and for apps that show no SVG) and its Vega-Lite spec (for vega-embed in the page).
Files are cached in `.sitegen-cache/charts/` under the hash of spec, data and locale and the
vl-convert version, so a rebuild renders only charts that changed. The script is vl-convert's
own bundle of Vega, Vega-Lite and vega-embed, served from the site: no CDN.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import vl_convert

from sitegen.core.errors import Problem, raise_if_any
from sitegen.core.files import write_whole
from sitegen.data.charts import ChartView
from sitegen.data.tables import quoted

CACHE_DIR = ".sitegen-cache/charts"
PNG_SCALE = 2  # sharp on phone screens; a chart PNG stays near 50 KB
PARALLEL_FROM = 24  # fewer charts render faster than worker processes start
SCRIPT_PATH = "/js/charts-{version}.js"

# Draws each figure's chart over its static image; if anything fails, the image stays.
EMBED_SNIPPET = """
async function draw(figure) {
  const holder = figure.querySelector('.chart-canvas');
  const description = holder.querySelector('img')?.alt || '';
  const response = await fetch(figure.dataset.spec);
  if (!response.ok) return;
  const spec = await response.json();
  await vegaEmbed(holder, spec, {actions: false, renderer: 'svg'});
  // The drawn chart keeps the static image's description for screen readers.
  const svg = holder.querySelector('svg');
  if (svg) {
    svg.setAttribute('role', 'graphics-document document');
    svg.setAttribute('aria-label', description);
  }
  figure.classList.add('chart-interactive');
}
for (const figure of document.querySelectorAll('figure[data-spec]')) {
  draw(figure).catch((error) => console.warn('chart stays static:', error));
}
"""


def version() -> str:
    return f"{vl_convert.get_vega_embed_version()}-{vl_convert.get_vegalite_versions()[-1]}".replace(".", "")


def script_path() -> str:
    return SCRIPT_PATH.format(version=version())


def render_charts(views: Iterable[ChartView], site_dir: Path) -> dict[str, bytes]:
    """Site path -> bytes: SVG, PNG and spec of every chart, from the cache when it is there."""
    cache_dir = site_dir / CACHE_DIR / version()
    unique = {view.key: view for view in views}
    missing = [view for key, view in unique.items() if not (cache_dir / f"{key}.png").is_file()]
    problems = []
    for view, drawn in zip(missing, _render_all([v.spec for v in missing]), strict=True):
        if isinstance(drawn, str):
            problems.append(Problem(view.origin, None, f"chart {quoted(view.title)} cannot be drawn: {drawn}"))
            continue
        svg, png = drawn
        write_whole(cache_dir / f"{view.key}.svg", svg)
        write_whole(cache_dir / f"{view.key}.png", png)  # written last: its presence means both are whole
    raise_if_any(problems)
    files: dict[str, bytes] = {}
    for key, view in unique.items():
        files[view.svg] = (cache_dir / f"{key}.svg").read_bytes()
        files[view.png] = (cache_dir / f"{key}.png").read_bytes()
        files[view.spec_path] = json.dumps(view.spec, ensure_ascii=False, separators=(",", ":")).encode()
    return files


def chart_script(site_dir: Path) -> dict[str, bytes]:
    """The interactive charts' script, bundled once per vl-convert version and cached."""
    digest = hashlib.sha256(EMBED_SNIPPET.encode()).hexdigest()[:12]
    cached = site_dir / CACHE_DIR / version() / f"embed-{digest}.js"
    if not cached.is_file():
        write_whole(cached, vl_convert.javascript_bundle(EMBED_SNIPPET).encode())
    return {script_path(): cached.read_bytes()}


def _render_all(specs: list[dict]) -> list[tuple[bytes, bytes] | str]:
    workers = min(os.cpu_count() or 1, 8)
    if len(specs) < PARALLEL_FROM or workers == 1:
        return [_drawn_or_why(spec) for spec in specs]
    with ProcessPoolExecutor(workers) as pool:
        return list(pool.map(_drawn_or_why, specs, chunksize=8))


def _drawn_or_why(spec: dict) -> tuple[bytes, bytes] | str:
    """A chart's SVG and PNG, or why Vega could not draw it (a raw spec Vega-Lite does not accept)."""
    try:
        return render(spec)
    except ValueError as error:  # vl-convert's one exception for a spec it cannot read or draw
        lines = [line.strip() for line in str(error).splitlines() if line.strip()]
        reason = next((line for line in lines if line.startswith("Error:")), lines[0] if lines else "unknown")
        return reason.removeprefix("Error:").strip()[:300]


def render(spec: dict) -> tuple[bytes, bytes]:
    """One chart as SVG and PNG; nothing is fetched from elsewhere (allowed_base_urls=[])."""
    svg = vl_convert.vegalite_to_svg(spec, allowed_base_urls=[])
    return svg.encode(), vl_convert.svg_to_png(svg, scale=PNG_SCALE)
