"""Render charts at build time with vl-convert, and vendor the script that makes them interactive.

Every chart becomes an SVG per layout (wide and phone, see vegalite.py; read with JavaScript
off, in feeds and in print; recoloured for dark mode by its own CSS), a PNG of the wide layout
(for download and for apps that show no SVG) and its Vega-Lite spec (for "explore the data").
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
from sitegen.core.messages import tr
from sitegen.data.charts import ChartView
from sitegen.data.chartspec import BRAND, DARK_BRAND, DARK_GRID, DARK_INK, DARK_MUTED, MUTED
from sitegen.data.tables import quoted

CACHE_DIR = ".sitegen-cache/charts"
PNG_SCALE = 2  # sharp on phone screens; a chart PNG stays near 50 KB
PARALLEL_FROM = 24  # fewer charts render faster than worker processes start
SCRIPT_PATH = "/js/charts-{version}.js"

# CSS beats an SVG's presentation attributes (fill="#1b1f24"), so these rules recolour text,
# axes, the brand colour (too dark on a dark page) and the muted grey (too close to the dark
# brand blue) only where the reader's scheme is dark.
DARK_STYLE = (
    f"<style>@media (prefers-color-scheme: dark){{text{{fill:{DARK_INK}}}"
    f".role-axis-grid line{{stroke:{DARK_GRID}}}"
    f'[fill="{BRAND}"]{{fill:{DARK_BRAND}}}[stroke="{BRAND}"]{{stroke:{DARK_BRAND}}}'
    f'[fill="{MUTED}"]{{fill:{DARK_MUTED}}}[stroke="{MUTED}"]{{stroke:{DARK_MUTED}}}}}</style>'
)

# Draws a figure's chart over its static image when its 'explore' button asks (chart-explore.js).
EMBED_SNIPPET = """
async function draw(figure) {
  const holder = figure.querySelector('.chart-canvas');
  const description = holder.querySelector('img')?.alt || '';
  const response = await fetch(figure.dataset.spec);
  if (!response.ok) throw new Error('no spec at ' + figure.dataset.spec);
  const spec = await response.json();
  // Drawn for the column it is in (the wide layout's size is too wide for a phone).
  spec.width = Math.min(spec.width || holder.clientWidth, holder.clientWidth);
  await vegaEmbed(holder, spec, {actions: false, renderer: 'svg'});
  // The drawn chart keeps the static image's description for screen readers.
  const svg = holder.querySelector('svg');
  if (svg) {
    svg.setAttribute('role', 'graphics-document document');
    svg.setAttribute('aria-label', description);
    reachable(figure, svg);
  }
  figure.classList.add('chart-interactive');
}

// What the tooltip shows on hover, by touch and keyboard too: a tap on a mark, or the arrow
// keys (Home, End) once the chart has focus, write that mark's value (its aria-label, "March
// 2025: 3,912") under the chart, in a live region that screen readers read out.
function reachable(figure, svg) {
  // Bars, points and slices; not a line or an area as a whole, nor axes and legends.
  const marks = [...svg.querySelectorAll('path[role="graphics-symbol"][aria-label]')]
    .filter((mark) => !/^(line|area) mark$/.test(mark.getAttribute('aria-roledescription') || '') &&
                      !mark.closest('.role-axis, .role-legend'));
  if (!marks.length) return;
  const said = document.createElement('p');
  said.className = 'chart-value';
  said.setAttribute('aria-live', 'polite');
  said.hidden = true;
  figure.querySelector('.chart-canvas').after(said);
  let current = -1;
  const show = (index) => {
    marks[current]?.classList.remove('chart-mark-current');
    current = (index + marks.length) % marks.length;
    marks[current].classList.add('chart-mark-current');
    said.textContent = marks[current].getAttribute('aria-label');
    said.hidden = false;
  };
  const hide = () => {
    marks[current]?.classList.remove('chart-mark-current');
    said.hidden = true;
  };
  svg.setAttribute('tabindex', '0');
  svg.addEventListener('focus', () => show(Math.max(current, 0)));
  svg.addEventListener('blur', hide);
  svg.addEventListener('keydown', (event) => {
    const step = {ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1}[event.key];
    if (step) show(current + step);
    else if (event.key === 'Home') show(0);
    else if (event.key === 'End') show(marks.length - 1);
    else if (event.key === 'Escape') hide();
    else return;
    event.preventDefault();
  });
  svg.addEventListener('click', (event) => {
    const index = marks.indexOf(event.target.closest('[role="graphics-symbol"]'));
    if (index >= 0) show(index);
  });
}
window.sitegenDrawChart = draw;
"""


def version() -> str:
    return f"{vl_convert.get_vega_embed_version()}-{vl_convert.get_vegalite_versions()[-1]}".replace(".", "")


def script_path() -> str:
    return SCRIPT_PATH.format(version=version())


def render_charts(views: Iterable[ChartView], site_dir: Path) -> dict[str, bytes]:
    """Site path -> bytes: every layout's SVG, the PNG and the spec of every chart, cached."""
    cache_dir = site_dir / CACHE_DIR / version()
    unique = {view.key: view for view in views}
    missing = [view for key, view in unique.items() if not (cache_dir / f"{key}.done").is_file()]
    script = _script_file(site_dir) if unique and not _script_file(site_dir).is_file() else None
    problems = []
    for view, drawn in zip(missing, _render_all([_layout_specs(v) for v in missing], script), strict=True):
        if isinstance(drawn, str):
            problems.append(Problem(view.origin, None, tr("chart {title} cannot be drawn: {drawn}",
                                                          title=quoted(view.title), drawn=drawn)))
            continue
        for name, content in drawn.items():
            write_whole(cache_dir / name.format(key=view.key), content)
        write_whole(cache_dir / f"{view.key}.done", b"")  # written last: its presence means all are whole
    raise_if_any(problems)
    files: dict[str, bytes] = {}
    for key, view in unique.items():
        for layout in view.layouts:
            files[view.layout_svg(layout)] = (cache_dir / _svg_name(layout).format(key=key)).read_bytes()
        if "wide" in view.layouts:
            files[view.png] = (cache_dir / f"{key}.png").read_bytes()
            files[view.spec_path] = json.dumps(view.spec, ensure_ascii=False, separators=(",", ":")).encode()
    return files


def _svg_name(layout: str) -> str:
    return "{key}.svg" if layout == "wide" else "{key}-" + layout + ".svg"


def _layout_specs(view: ChartView) -> dict[str, dict]:
    return {name: layout.spec for name, layout in view.layouts.items()}


def chart_script(site_dir: Path) -> dict[str, bytes]:
    """The interactive charts' script, bundled once per vl-convert version and cached."""
    cached = _script_file(site_dir)
    if not cached.is_file():
        _bundle(cached)
    return {script_path(): cached.read_bytes()}


def _script_file(site_dir: Path) -> Path:
    digest = hashlib.sha256(EMBED_SNIPPET.encode()).hexdigest()[:12]
    return site_dir / CACHE_DIR / version() / f"embed-{digest}.js"


def _bundle(file: Path) -> None:
    """Bundling the script takes vl-convert about 1.5 s of CPU, whatever the site's charts."""
    write_whole(file, vl_convert.javascript_bundle(EMBED_SNIPPET).encode())


def _render_all(jobs: list[dict[str, dict]], script: Path | None) -> list[dict[str, bytes] | str]:
    """Every job's files; the script bundled to `script` meanwhile, by a worker of its own when
    there are workers (so that it costs a cold build no time of its own)."""
    workers = min(os.cpu_count() or 1, 8)
    if len(jobs) < PARALLEL_FROM or workers == 1:
        return [_drawn_or_why(job) for job in jobs]
    with ProcessPoolExecutor(workers) as pool:
        bundled = pool.submit(_bundle, script) if script is not None else None
        drawn = list(pool.map(_drawn_or_why, jobs, chunksize=4))
        if bundled is not None:
            bundled.result()
        return drawn


def _drawn_or_why(layouts: dict[str, dict]) -> dict[str, bytes] | str:
    """A chart's files, or why Vega could not draw it (a raw spec Vega-Lite does not accept)."""
    try:
        return render(layouts)
    except ValueError as error:  # vl-convert's one exception for a spec it cannot read or draw
        lines = [line.strip() for line in str(error).splitlines() if line.strip()]
        reason = next((line for line in lines if line.startswith("Error:")), lines[0] if lines else "unknown")
        return reason.removeprefix("Error:").strip()[:300]


def render(layouts: dict[str, dict]) -> dict[str, bytes]:
    """One chart's files (cache name -> bytes): an SVG per layout, and a PNG of the wide one (the
    download; one is enough). Nothing is fetched from elsewhere (allowed_base_urls=[])."""
    files = {}
    for name, spec in layouts.items():
        svg = vl_convert.vegalite_to_svg(spec, allowed_base_urls=[])
        files[_svg_name(name)] = themed(svg).encode()
        if name == "wide":
            files["{key}.png"] = vl_convert.svg_to_png(on_white(svg), scale=PNG_SCALE)
    return files


def _after_open_tag(svg: str, insert: str) -> str:
    end = svg.index(">", svg.index("<svg")) + 1
    return svg[:end] + insert + svg[end:]


def themed(svg: str) -> str:
    """The SVG with its dark-mode colours: drawn on a transparent background, it follows the
    reader's colour scheme (an SVG shown by <img> still sees prefers-color-scheme)."""
    return _after_open_tag(svg, DARK_STYLE)


def on_white(svg: str) -> str:
    """A PNG has no colour scheme: it is drawn on white, for any app it is opened in."""
    return _after_open_tag(svg, '<rect width="100%" height="100%" fill="#ffffff"/>')
