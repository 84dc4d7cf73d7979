"""Charts drawn with vl-convert: in the build's own process, or in worker processes meanwhile.

A cold build with many charts draws them in worker processes started at the build's start
(`python -m sitegen.data.chartdraw JOBFILE`), while the build's own process goes on rendering
pages; vega.py collects what they drew from the chart cache before it publishes. The workers are
new processes, not forks: the build forks its page workers (core/workers.py) meanwhile, which a
pool with threads of its own would forbid, and a fresh process imports only this module (no
pydantic, no Altair), so it starts in a tenth of a second. Each worker writes every chart's files
into the cache, the chart's `.done` file last, and then, as JSON beside its job file, why the
charts it could not draw were refused.
"""

from __future__ import annotations

import html
import json
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sitegen.core.files import write_whole

PNG_SCALE = 2  # sharp on phone screens; a chart PNG stays near 50 KB
# The build's own process, rendering pages meanwhile, goes first: the workers draw on the cores
# it leaves idle, and finish the rest once it waits for them.
NICENESS = 10
BUNDLE_COST = 10  # bundling the interactive script costs about as much as ten charts (1.5 s)
# Vega-Lite's marks that sitegen draws, and "mark" for any other (hand-written specs), with the
# interface string each is called by (its ARIA role description); GROUP_WORD: a group of marks.
MARK_WORDS = {"mark": "chart_mark", "bar": "chart_mark_bar", "line": "chart_mark_line", "point": "chart_mark_point",
              "area": "chart_mark_area", "arc": "chart_mark_arc"}
GROUP_WORD = "chart_marks"
MARKS_META = "sitegen_marks"  # the spec's usermeta key: what a group of marks is called
# What Vega calls a group of marks, in English whatever the spec says ("rect mark container").
VEGA_CONTAINER = re.compile(r'aria-roledescription="[a-z]+ mark container"')


def name_marks(spec: dict[str, Any], label: Callable[[str], str]) -> None:
    """What a screen reader calls each mark ("batang", "bar") and each group of marks, in the
    page's language (`label`: interface string key -> text): Vega would say "bar", "line mark",
    "arc mark" and "rect mark container" in English on every page. Axes and legends, which Vega
    describes in English only, are left to the marks and the table, as in sitegen's own specs
    (vegalite.py). A hand-written spec's own settings win."""
    config = spec.setdefault("config", {})
    for mark, key in MARK_WORDS.items():
        if isinstance(config.get(mark, {}), dict):
            config.setdefault(mark, {}).setdefault("ariaRoleDescription", label(key))
    for guide in ("axis", "legend"):
        if isinstance(config.get(guide, {}), dict):
            config.setdefault(guide, {}).setdefault("aria", False)
    # Vega has no setting for a group's: the word goes in the spec, for marks_named() here and
    # for the interactive view (vega.py) to put in place of Vega's.
    if isinstance(spec.setdefault("usermeta", {}), dict):
        spec["usermeta"][MARKS_META] = label(GROUP_WORD)


def missing_words(label: Callable[[str], str]) -> list[str]:
    """Why each word name_marks() needs is missing from a language's strings (`label` raises
    KeyError with a sentence saying so), checked before any chart is made."""
    missing = []
    for key in (*MARK_WORDS.values(), GROUP_WORD):
        try:
            label(key)
        except KeyError as error:
            missing.append(str(error.args[0]))
    return missing


def marks_named(svg: str, spec: dict[str, Any]) -> str:
    """The SVG with each group of marks called what name_marks() put in the spec."""
    meta = spec.get("usermeta")
    word = meta.get(MARKS_META) if isinstance(meta, dict) else None
    if not isinstance(word, str):
        return svg
    named = f'aria-roledescription="{html.escape(word)}"'
    return VEGA_CONTAINER.sub(lambda _: named, svg)  # a function: a backslash in the word is not a group reference


def svg_name(layout: str) -> str:
    """A layout's file name in the cache, "{key}" standing for the chart's key."""
    return "{key}.svg" if layout == "wide" else "{key}-" + layout + ".svg"


def drawn_files(layouts: dict[str, dict], dark_style: str) -> dict[str, bytes]:
    """One chart's files (cache name -> bytes): an SVG per layout, and a PNG of the wide one (the
    download; one is enough). Nothing is fetched from elsewhere (allowed_base_urls=[])."""
    import vl_convert  # here, not at the top: a site without charts never loads it (start-up)

    files = {}
    for name, spec in layouts.items():
        svg = marks_named(vl_convert.vegalite_to_svg(spec, allowed_base_urls=[]), spec)
        files[svg_name(name)] = after_open_tag(svg, dark_style).encode()
        if name == "wide":
            files["{key}.png"] = vl_convert.svg_to_png(on_white(svg), scale=PNG_SCALE)
    return files


def why_not(error: ValueError) -> str:
    """What vl-convert says of a spec it cannot read or draw, in one line (its one exception)."""
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    # "Vega-Lite to SVG conversion failed:" and then the JavaScript error ("Error: ...",
    # "TypeError: ..."), then its stack: the error's own line says what went wrong.
    reason = next((line for line in lines if re.match(r"\w*Error: ", line)), lines[0] if lines else "unknown")
    return re.sub(r"^\w*Error: ", "", reason).strip()[:300]


def after_open_tag(svg: str, insert: str) -> str:
    end = svg.index(">", svg.index("<svg")) + 1
    return svg[:end] + insert + svg[end:]


def on_white(svg: str) -> str:
    """A PNG has no colour scheme: it is drawn on white, for any app it is opened in."""
    return after_open_tag(svg, '<rect width="100%" height="100%" fill="#ffffff"/>')


def store(cache_dir: Path, key: str, files: dict[str, bytes]) -> None:
    """A chart's files into the cache, its `.done` last: its presence means all are whole."""
    for name, content in files.items():
        write_whole(cache_dir / name.format(key=key), content)
    write_whole(cache_dir / f"{key}.done", b"")


def bundle(file: Path, snippet: str) -> None:
    """Bundling the script takes vl-convert about 1.5 s of CPU, whatever the site's charts."""
    import vl_convert

    write_whole(file, vl_convert.javascript_bundle(snippet).encode())


def share(keys: list[str], workers: int, bundling: bool) -> list[list[str]]:
    """The charts split among `workers`, the first of which also bundles the script when
    `bundling`: each worker gets about as much work as the others."""
    loads = [BUNDLE_COST if bundling and n == 0 else 0 for n in range(workers)]
    parts: list[list[str]] = [[] for _ in range(workers)]
    for key in keys:
        lightest = loads.index(min(loads))
        parts[lightest].append(key)
        loads[lightest] += 1
    return parts


def work(job: dict[str, Any]) -> dict[str, str]:
    """A worker's job: its charts drawn into the cache (and the script bundled); key -> why each
    chart it could not draw was refused."""
    cache_dir = Path(job["cache_dir"])
    if job.get("bundle"):
        bundle(Path(job["bundle"]), job["snippet"])
    refused = {}
    for key, layouts in job["charts"].items():
        try:
            store(cache_dir, key, drawn_files(layouts, job["dark_style"]))
        except ValueError as error:
            refused[key] = why_not(error)
    return refused


def main(job_file: Path) -> None:
    """Draws the job in `job_file`; why charts were refused goes to the same name + `.out`."""
    if hasattr(os, "nice"):
        os.nice(NICENESS)
    refused = work(json.loads(job_file.read_text(encoding="utf-8")))
    write_whole(job_file.with_suffix(".out"), json.dumps(refused).encode())


if __name__ == "__main__":
    main(Path(sys.argv[1]))
