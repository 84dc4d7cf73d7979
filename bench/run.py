"""Time cold `sitegen build`s of generated corpora: pages per second and peak memory.

    .venv/bin/python -m bench.run                 # 1,000 releases, 3 runs
    .venv/bin/python -m bench.run 1000 5000 10000 --runs 3
    .venv/bin/python -m bench.run 1000 --runs 5 --against "search = false"   # what search costs

Each run starts with no output folder, in a fresh process, so it is a cold build. Prints a
Markdown table and writes it to bench/results/latest.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from bench.corpus import generate

BENCH = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_mib: float
    pages: int


def cold_build(site: Path) -> Run:
    """One `sitegen build` in its own process, with no output folder and no cache."""
    shutil.rmtree(site / "public", ignore_errors=True)
    shutil.rmtree(site / ".sitegen-cache", ignore_errors=True)
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "sitegen", "build", "--quiet", "-s", str(site)])
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"sitegen build failed on {site}")
    pages = sum(1 for _ in (site / "public").rglob("*.html"))
    return Run(seconds, usage.ru_maxrss / 1024, pages)  # ru_maxrss is in KiB on Linux


def configure(site: Path, settings: str) -> None:
    """Apply config lines such as "search = false", replacing those top-level keys of sitegen.toml."""
    config = site / "sitegen.toml"
    text = config.read_text(encoding="utf-8")
    for line in settings.splitlines():
        key = line.split("=")[0].strip()
        text, found = re.subn(rf"(?m)^{re.escape(key)}\s*=.*$", line.strip(), text, count=1)
        text = text if found else line.strip() + "\n" + text
    config.write_text(text, encoding="utf-8")


def median_run(results: list[Run]) -> Run:
    return Run(statistics.median(r.seconds for r in results), statistics.median(r.peak_mib for r in results),
               results[0].pages)


def measure(releases: int, runs: int, settings: str = "") -> tuple[int, Run]:
    site = generate(BENCH / f"corpus-{releases}", releases)
    if settings:
        configure(site, settings)
    return releases, median_run([cold_build(site) for _ in range(runs)])


def compare(releases: int, runs: int, against: str) -> str:
    """The corpus as generated and with `against` applied, built in turn, so drift touches both alike."""
    site = generate(BENCH / f"corpus-{releases}", releases)
    other = BENCH / f"corpus-{releases}-variant"
    shutil.rmtree(other, ignore_errors=True)
    shutil.copytree(site, other, ignore=shutil.ignore_patterns("public", ".sitegen-cache", ".public*"))
    configure(other, against)
    pairs = []
    for number in range(runs):  # ABBA order: whichever goes first in a pair gains nothing on average
        if number % 2 == 0:
            first = cold_build(site)
            pairs.append((first, cold_build(other)))
        else:
            second = cold_build(other)
            pairs.append((cold_build(site), second))
    default, variant = median_run([a for a, _ in pairs]), median_run([b for _, b in pairs])
    differences = sorted(a.seconds - b.seconds for a, b in pairs)
    return (f"{releases:,} releases, {runs} interleaved cold builds each: as generated {default.seconds:.2f} s, "
            f"with `{against}` {variant.seconds:.2f} s; difference {default.seconds - variant.seconds:+.2f} s "
            f"({(default.seconds - variant.seconds) / variant.seconds:+.0%}; per pair "
            + ", ".join(f"{d:+.2f}" for d in differences) + ").\n")


def table(rows: list[tuple[int, Run]], runs: int, settings: str) -> str:
    lines = [
        f"Cold `sitegen build`, median of {runs} runs, on {platform.machine()} with "
        f"{os.cpu_count()} cores, Python {platform.python_version()}"
        + (f", with `{settings}`." if settings else "."),
        "",
        "| releases × 2 languages | HTML pages | time (s) | pages/s | peak memory (MiB) |",
        "|---:|---:|---:|---:|---:|",
    ]
    for releases, run in rows:
        lines.append(f"| {releases:,} | {run.pages:,} | {run.seconds:.2f} | "
                     f"{run.pages / run.seconds:,.0f} | {run.peak_mib:,.0f} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000], help="releases per corpus")
    parser.add_argument("--runs", type=int, default=3, help="builds per corpus (the median is shown)")
    parser.add_argument("--set", dest="settings", default="",
                        help='config lines to add, e.g. "search = false" to measure what search costs')
    parser.add_argument("--against", default="",
                        help='compare with these config lines, builds interleaved, e.g. "search = false"')
    args = parser.parse_args()
    if args.against:
        for size in args.sizes:
            print(compare(size, args.runs, args.against))
        return
    rows = [measure(size, args.runs, args.settings) for size in args.sizes]
    report = table(rows, args.runs, args.settings)
    save_report("latest.md", report)


def save_report(name: str, text: str) -> None:
    """Print a benchmark's table and keep it in bench/results/."""
    print(text)
    (BENCH / "results").mkdir(exist_ok=True)
    (BENCH / "results" / name).write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
