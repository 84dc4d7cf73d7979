"""Render charts at build time with vl-convert, and vendor the script that makes them interactive.

Every chart becomes an SVG per layout (wide and phone, see vegalite.py; read with JavaScript
off, in feeds and in print; recoloured for dark mode by its own CSS), a PNG of the wide layout
(for download and for apps that show no SVG) and its Vega-Lite spec (for "explore the data").
Files are cached in `.sitegen-cache/charts/` under the hash of spec, data and locale and the
vl-convert version, so a rebuild renders only charts that changed. The script is vl-convert's
own bundle of Vega, Vega-Lite and vega-embed, served from the site: no CDN.

A build starts drawing (draw_charts) as soon as its charts are known, in worker processes
(chartdraw.py) when they are many, and collects the files only after it has rendered its pages,
so that drawing charts and rendering pages share the machine's cores.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

from sitegen.core.errors import Problem, raise_if_any
from sitegen.core.messages import tr
from sitegen.core.workers import default_workers
from sitegen.data import chartdraw
from sitegen.data.charts import ChartView
from sitegen.data.chartspec import BRAND, DARK_BRAND, DARK_GRID, DARK_INK, DARK_MUTED, MUTED
from sitegen.data.tables import quoted

CACHE_DIR = ".sitegen-cache/charts"
# A worker that has not finished after this long is stuck (a chart takes about 0.15 s of CPU).
WORKER_SECONDS, SECONDS_PER_CHART = 120, 5
PARALLEL_FROM = 24  # fewer charts are drawn faster in the build's process than worker processes start
CHARTS_PER_WORKER = 12  # a worker's start (0.5 s of CPU) pays for itself from about a dozen charts
SCRIPT_PATH = "/js/charts-{version}-{snippet}.js"  # a new snippet, a new URL: no browser keeps the old one



def dark_style(scope: str = "") -> str:
    """CSS beats an SVG's presentation attributes (fill="#1b1f24"), so these rules recolour text,
    axes, the brand colour (too dark on a dark page) and the muted grey (too close to the dark
    brand blue) only where the reader's scheme is dark (`scope`: a selector and a space, for the
    chart Vega draws into the page, where a rule would otherwise reach the page's other SVGs)."""
    return (f"<style>@media (prefers-color-scheme: dark){{{scope}text{{fill:{DARK_INK}}}"
            f"{scope}.role-axis-grid line{{stroke:{DARK_GRID}}}"
            f'{scope}[fill="{BRAND}"]{{fill:{DARK_BRAND}}}{scope}[stroke="{BRAND}"]{{stroke:{DARK_BRAND}}}'
            f'{scope}[fill="{MUTED}"]{{fill:{DARK_MUTED}}}{scope}[stroke="{MUTED}"]{{stroke:{DARK_MUTED}}}}}</style>')


DARK_STYLE = dark_style()  # inside each drawn SVG file

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
    // The drawn files carry their dark colours; the chart drawn here needs them too.
    svg.insertAdjacentHTML('afterbegin', __DARK_STYLE__);
    svg.setAttribute('role', 'graphics-document document');
    svg.setAttribute('aria-label', description);
    nameGroups(svg, spec.usermeta?.sitegen_marks);
    reachable(figure, svg);
  }
  figure.classList.add('chart-interactive');
}

// Vega calls each group of marks "rect mark container" in English; the spec says what the
// page's language calls it (as the static SVG does, chartdraw.py).
function nameGroups(svg, word) {
  if (!word) return;
  for (const group of svg.querySelectorAll('[aria-roledescription$=" mark container"]')) {
    group.setAttribute('aria-roledescription', word);
  }
}

// What the tooltip shows on hover, by touch and keyboard too: a tap on a mark, or the arrow
// keys (Home, End) once the chart has focus, write that mark's value (its aria-label, "March
// 2025: 3,912") under the chart, in a live region that screen readers read out.
function reachable(figure, svg) {
  // Bars, points and slices; not a line or an area as a whole, nor axes and legends. Told
  // apart by the class Vega gives each group of marks, whatever the page's language.
  const marks = [...svg.querySelectorAll('path[role="graphics-symbol"][aria-label]')]
    .filter((mark) => !mark.closest('.mark-line, .mark-area, .role-axis, .role-legend'));
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
""".replace("__DARK_STYLE__", json.dumps(dark_style(".chart-canvas ")))
SNIPPET_DIGEST = hashlib.sha256(EMBED_SNIPPET.encode()).hexdigest()[:12]  # in the script's URL and cache name


def version() -> str:
    import vl_convert  # here and below, not at the top: a site without charts never loads it (start-up)

    return f"{vl_convert.get_vega_embed_version()}-{vl_convert.get_vegalite_versions()[-1]}".replace(".", "")


def drawn_by() -> str:
    """The chart cache's folder: vl-convert's versions and a digest of the code that turns a spec into
    files (chartdraw.py, and the dark-mode style it adds), so that other drawing code never reuses them."""
    code = Path(chartdraw.__file__).read_bytes() + DARK_STYLE.encode()
    return f"{version()}-{hashlib.sha256(code).hexdigest()[:10]}"


def script_path() -> str:
    return SCRIPT_PATH.format(version=version(), snippet=SNIPPET_DIGEST)


def render_charts(views: Iterable[ChartView], site_dir: Path) -> dict[str, bytes]:
    """Site path -> bytes: every layout's SVG, the PNG and the spec of every chart, and the
    script that draws them interactively; drawn now (see draw_charts)."""
    drawing = draw_charts(views, site_dir)
    try:
        return drawing.files()
    finally:
        drawing.stop()


def draw_charts(views: Iterable[ChartView], site_dir: Path, workers: int | None = None) -> ChartDrawing:
    """Every chart not in the cache drawn, and the script bundled if it is not: by worker
    processes that start now, when there are many, while the build goes on (chartdraw.py).
    `files()` waits for them; `stop()` ends them if the build stops first. `workers`: the most
    processes to use (the build's --workers; all cores if None)."""
    unique = {view.key: view for view in views}
    drawing = ChartDrawing(unique, site_dir, workers or default_workers())
    if unique:
        try:
            drawing.start()
        except BaseException:  # a full disk, Ctrl+C between two starts: no worker left running
            drawing.stop()
            raise
    return drawing


class ChartDrawing:
    """Charts being drawn, and the cache they are drawn into."""

    def __init__(self, views: dict[str, ChartView], site_dir: Path, cores: int) -> None:
        self.views, self.site_dir, self.cores = views, site_dir, cores
        self.cache_dir = site_dir / CACHE_DIR / drawn_by() if views else site_dir
        if views and not self.cache_dir.is_dir():  # drawn by other code: never used again, not kept
            for old in (site_dir / CACHE_DIR).glob("*"):
                if old.is_dir() and old.name not in (self.cache_dir.name, version()):  # version(): the script's
                    shutil.rmtree(old, ignore_errors=True)
        self.missing = [key for key in views if not (self.cache_dir / f"{key}.done").is_file()]
        self.bundling = bool(views) and not _script_file(site_dir).is_file()
        self.workers: list[tuple[subprocess.Popen, Path]] = []
        self.folder: Path | None = None  # the workers' job and result files

    def start(self) -> None:
        count = min(self.cores, 8, -(-len(self.missing) // CHARTS_PER_WORKER))
        if len(self.missing) < PARALLEL_FROM or count < 2:
            return  # drawn in this process when asked for: workers would start slower than that
        self.folder = Path(tempfile.mkdtemp(prefix="sitegen-charts-"))
        for number, keys in enumerate(chartdraw.share(self.missing, count, self.bundling)):
            job = {"cache_dir": str(self.cache_dir), "dark_style": DARK_STYLE,
                   "charts": {key: _layout_specs(self.views[key]) for key in keys}}
            if number == 0 and self.bundling:
                job |= {"bundle": str(_script_file(self.site_dir)), "snippet": EMBED_SNIPPET}
            self.workers.append(_start_worker(self.folder / f"job-{number}", job))

    def files(self) -> dict[str, bytes]:
        """Site path -> bytes of every chart, once all are drawn; a chart Vega cannot draw is the
        user's mistake, told for each such chart (SitegenError)."""
        if not self.views:
            return {}
        refused = self._wait() if self.workers else self._draw_here()
        raise_if_any([Problem(self.views[key].origin, None, tr("chart {title} cannot be drawn: {drawn}",
                                                               title=quoted(self.views[key].title), drawn=why))
                      for key, why in refused.items()])
        files = chart_script(self.site_dir)
        for key, view in self.views.items():
            for layout in view.layouts:
                files[view.layout_svg(layout)] = (self.cache_dir / _svg_name(layout).format(key=key)).read_bytes()
            if "wide" in view.layouts:
                files[view.png] = (self.cache_dir / f"{key}.png").read_bytes()
                files[view.spec_path] = json.dumps(view.spec, ensure_ascii=False, separators=(",", ":")).encode()
        return files

    def _draw_here(self) -> dict[str, str]:
        refused = {}
        for key in self.missing:
            drawn = _drawn_or_why(_layout_specs(self.views[key]))
            if isinstance(drawn, str):
                refused[key] = drawn
            else:
                chartdraw.store(self.cache_dir, key, drawn)
        return refused

    def _wait(self) -> dict[str, str]:
        refused: dict[str, str] = {}
        for process, job_file in self.workers:
            try:
                process.wait(timeout=WORKER_SECONDS + SECONDS_PER_CHART * len(self.missing))
            except subprocess.TimeoutExpired:  # vl-convert stuck: say so rather than wait for ever
                raise RuntimeError(f"a chart worker drew nothing for {process.args[-1]} in "
                                   f"{WORKER_SECONDS + SECONDS_PER_CHART * len(self.missing)} s") from None
            if process.returncode != 0:  # sitegen's own failure (or vl-convert's), not the user's
                error = job_file.with_suffix(".err").read_text(encoding="utf-8", errors="replace")
                raise RuntimeError(f"a chart worker failed (exit {process.returncode}):\n{error[-3000:]}")
            refused |= json.loads(job_file.with_suffix(".out").read_text(encoding="utf-8"))
        self.stop()
        return refused

    def stop(self) -> None:
        """Workers still drawing are ended (a build that failed elsewhere); their job files removed.
        A chart half-drawn has no `.done` file, so the next build draws it again."""
        for process, _ in self.workers:
            if process.poll() is None:
                process.kill()
                process.wait()
        self.workers = []
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None


def _start_worker(job_file: Path, job: dict) -> tuple[subprocess.Popen, Path]:
    """A worker process drawing `job` (chartdraw.py): its answer in job_file.out, whatever it
    prints in .err (read only if it fails). Started with this very package, wherever the build
    runs from."""
    job_file.write_text(json.dumps(job, ensure_ascii=False), encoding="utf-8")
    package_root = str(Path(chartdraw.__file__).resolve().parents[2])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [package_root, os.environ.get("PYTHONPATH")]))}
    with open(job_file.with_suffix(".err"), "wb") as printed:
        # cwd: `-m` puts the current folder first on the path, and a site's folder may hold a
        # sitegen/ of its own (this repository does): the worker must run the build's own code.
        process = subprocess.Popen([sys.executable, "-m", "sitegen.data.chartdraw", str(job_file)],
                                   stdin=subprocess.DEVNULL, stdout=printed, stderr=subprocess.STDOUT, env=env,
                                   cwd=job_file.parent)
    return process, job_file


def _svg_name(layout: str) -> str:
    return chartdraw.svg_name(layout)


def _layout_specs(view: ChartView) -> dict[str, dict]:
    return {name: layout.spec for name, layout in view.layouts.items()}


def chart_script(site_dir: Path) -> dict[str, bytes]:
    """The interactive charts' script, bundled once per vl-convert version and cached."""
    cached = _script_file(site_dir)
    if not cached.is_file():
        chartdraw.bundle(cached, EMBED_SNIPPET)
    return {script_path(): cached.read_bytes()}


def _script_file(site_dir: Path) -> Path:
    return site_dir / CACHE_DIR / version() / f"embed-{SNIPPET_DIGEST}.js"


def _drawn_or_why(layouts: dict[str, dict]) -> dict[str, bytes] | str:
    """A chart's files, or why Vega could not draw it (a raw spec Vega-Lite does not accept)."""
    try:
        return render(layouts)
    except ValueError as error:  # vl-convert's one exception for a spec it cannot read or draw
        return chartdraw.why_not(error)


def render(layouts: dict[str, dict]) -> dict[str, bytes]:
    """One chart's files (cache name -> bytes), drawn in this process (chartdraw.py). Each SVG
    gets its dark-mode colours (DARK_STYLE): drawn on a transparent background, it follows the
    reader's colour scheme (an SVG shown by <img> still sees prefers-color-scheme)."""
    return chartdraw.drawn_files(layouts, DARK_STYLE)
