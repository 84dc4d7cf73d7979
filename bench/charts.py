"""What charts cost: the release corpus with and without charts, cold and warm.

    .venv/bin/python -m bench.charts                  # 1,000 releases, 200 charts, 3 runs
    .venv/bin/python -m bench.charts 1000 --charts 200 --runs 3
    .venv/bin/python -m bench.charts 1000 --charts 200 --runs 1 --work /tmp/me   # not in bench/

A chart here is one rendered figure (two SVG layouts, a PNG and a spec): 200 charts are 100
releases with one chart each, in both languages. Every chart plots its own series of a generated
dataset, so none is a copy of another. Each build with charts is compared with the same build
(cold or warm) without them. Runs are interleaved so that the machine's drift touches all builds
alike; besides the wall-clock time, the CPU time of the build's processes is reported, which other
work on a shared machine disturbs much less.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.corpus import generate

BENCH = Path(__file__).resolve().parent

DESCRIPTOR = """\
title: {id: Seri uji, en: Test series}
source: {id: Data bangkitan, en: Generated data}
unit: {id: orang, en: people}
license: CC0-1.0
updated: 2025-12-31
schema:
  fields:
    - {name: seri, type: integer, title: {id: Seri, en: Series}}
    - {name: bulan, type: yearmonth, title: {id: Bulan, en: Month}}
    - {name: jumlah, type: integer, groupChar: ".", title: {id: Jumlah, en: Number}}
"""


def add_charts(site: Path, charts: int) -> None:
    """A dataset of `charts // 2` monthly series, and one release per series showing it."""
    series = charts // 2
    data = site / "data"
    data.mkdir(exist_ok=True)
    def number(s: int, m: int) -> str:  # written as an Indonesian spreadsheet would: 20.191
        return f"{(s * 7919 + m * 104729) % 40000 + 1000:,}".replace(",", ".")

    rows = ["seri,bulan,jumlah"] + [f"{s},2025-{m:02d},{number(s, m)}"
                                    for s in range(1, series + 1) for m in range(1, 13)]
    (data / "seri.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (data / "seri.resource.yaml").write_text(DESCRIPTOR, encoding="utf-8")
    bundles = sorted((site / "content/news").glob("*-*"))[:series]
    for number, bundle in enumerate(bundles, start=1):
        for lang in ("id", "en"):
            page = bundle / f"index.{lang}.md"
            block = f"\n```chart\ndata: seri\ntype: line\nx: bulan\ny: jumlah\nfilter: {{seri: {number}}}\n```\n"
            page.write_text(page.read_text(encoding="utf-8") + block, encoding="utf-8")


def timed_build(site: Path, keep_cache: bool) -> tuple[float, float]:
    """Wall-clock and CPU seconds (the build's processes, user and system) of one build. The CPU
    time says what the build costs even on a machine that other work slows down."""
    shutil.rmtree(site / "public", ignore_errors=True)
    if not keep_cache:
        shutil.rmtree(site / ".sitegen-cache", ignore_errors=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "sitegen", "build", "--quiet", "-s", str(site)], check=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("releases", nargs="?", type=int, default=1000)
    parser.add_argument("--charts", type=int, default=200, help="rendered charts (half as many releases get one)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", type=Path, default=BENCH,
                        help="folder to generate and build the two corpora in (default bench/; on a machine "
                             "shared with others, a folder of your own)")
    args = parser.parse_args()
    plain = generate(args.work / f"corpus-{args.releases}", args.releases)
    charted = args.work / f"corpus-{args.releases}-charts"
    shutil.rmtree(charted, ignore_errors=True)
    # symlinks: the corpus's themes/ links to the repository's, which a copy would freeze as it is now
    shutil.copytree(plain, charted, symlinks=True,
                    ignore=shutil.ignore_patterns("public", ".sitegen-cache", ".public*"))
    add_charts(charted, args.charts)
    times: dict[str, list[tuple[float, float]]] = {"without charts, cold": [], "with charts, cold": [],
                                                     "without charts, warm": [], "with charts, warm": []}
    load = os.getloadavg()[0]
    for _ in range(args.runs):
        times["without charts, cold"].append(timed_build(plain, keep_cache=False))
        times["with charts, cold"].append(timed_build(charted, keep_cache=False))
        times["without charts, warm"].append(timed_build(plain, keep_cache=True))
        times["with charts, warm"].append(timed_build(charted, keep_cache=True))
    medians = {name: (statistics.median(w for w, _ in values), statistics.median(c for _, c in values))
               for name, values in times.items()}
    lines = [f"{args.releases:,} releases, {args.charts} charts, median of {args.runs} interleaved runs, "
             f"on {platform.machine()} with {os.cpu_count()} cores, Python {platform.python_version()}, "
             f"load average {load:.1f} -> {os.getloadavg()[0]:.1f}.", "",
             "| build | time (s) | charts add (s) | CPU (s) | charts add CPU (s) |", "|---|---:|---:|---:|---:|"]
    for name, (wall, cpu) in medians.items():  # each against the same build without charts
        base_wall, base_cpu = medians[name.replace("with charts", "without charts")]
        lines.append(f"| {name} | {wall:.2f} | {wall - base_wall:+.2f} | {cpu:.2f} | {cpu - base_cpu:+.2f} |")
    report = "\n".join(lines) + "\n"
    print(report)
    (BENCH / "results").mkdir(exist_ok=True)
    (BENCH / "results" / "charts.md").write_text(report, encoding="utf-8")


if __name__ == "__main__":
    main()
