"""Start-up: how long `sitegen --version` and the build of an empty site take, wall clock and CPU.

    .venv/bin/python -m bench.startup             # median of 5 runs of each
    .venv/bin/python -m bench.startup --runs 9

The empty site is what someone starting a new site has before writing anything: the example
site's `sitegen.toml` (search index and share cards on) and the humas theme (`themes/`, linked
from this repository), and no `content/`, `data/` or `static/` folder (sitegen has no command
that makes a site). Its build makes the home page, the news list, the archive, the search page,
the feeds, the sitemap and the 404 page in both languages. Each build is cold: no `public/` and
no `.sitegen-cache/`; after it, the same build again, with nothing changed, which ends at once
(incremental/nochange.py) before any stage of the build is loaded (commands/uptodate.py).

The commands run as a user types them, through the `sitegen` script of this Python environment,
each in its own process, after one run of each that is not counted and with
PYTHONDONTWRITEBYTECODE unset, so that Python's compiled modules (`__pycache__/`) are there as
they are for a user. CPU time is the process's user and system time (its worker processes
included), which the other work on the machine disturbs less than the wall clock.

bench/compare.py has `--version` and the cold build of the empty site in its table.

On a machine others share, seconds, even CPU seconds, move by a fifth from one minute to the next.
`--instructions` counts instead the machine instructions the sitegen process runs (Valgrind's
callgrind, about fifty times slower, so one run each), which do not move: compare a change by them.

    .venv/bin/python -m bench.startup --instructions
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
EMPTY_SITE = BENCH / "corpus-empty"  # ignored by git, as the other corpora


@dataclass(frozen=True)
class Measured:
    seconds: float  # wall clock
    cpu: float  # user + system
    peak_mib: float


def run(command: list[str]) -> Measured:
    """Run `command` in its own process; its wall-clock time, CPU time and peak memory."""
    environment = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, env=environment)
    _, status, usage = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(command)}")
    return Measured(time.perf_counter() - started, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def instructions(command: list[str]) -> int:
    """The instructions the process of `command` runs, by Valgrind's callgrind (its forks not counted)."""
    environment = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
    process = subprocess.Popen(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *command],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=environment, text=True)
    _, errors = process.communicate()
    if process.returncode != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{errors}")
    found = re.search(rf"^=={process.pid}== Collected : (\d+)$", errors, re.MULTILINE)
    if found is None:
        raise SystemExit(f"no count from valgrind:\n{errors}")
    return int(found.group(1))


def count_instructions() -> dict[str, int]:
    """Instructions of each command, cold (one run each: the count does not vary)."""
    make_empty_site()
    version(), empty_build()  # the compiled modules written first, as in measure()
    counts = {"--version": instructions([sitegen_script(), "--version"])}
    shutil.rmtree(EMPTY_SITE / "public", ignore_errors=True)
    shutil.rmtree(EMPTY_SITE / ".sitegen-cache", ignore_errors=True)
    counts["empty site build"] = instructions([sitegen_script(), "build", "--quiet", "-s", str(EMPTY_SITE)])
    empty_build()  # the record the next build trusts, made again outside Valgrind (after it, it is not)
    counts["the same, nothing changed"] = instructions([sitegen_script(), "build", "--quiet", "-s", str(EMPTY_SITE)])
    return counts


def make_empty_site(folder: Path = EMPTY_SITE) -> Path:
    """The example site's config and theme, no content (see the module's docstring)."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    shutil.copy(REPO / "sitegen.toml", folder / "sitegen.toml")
    (folder / "themes").symlink_to(REPO / "themes", target_is_directory=True)
    return folder


def sitegen_script() -> str:
    return str(Path(sys.executable).with_name("sitegen"))


def version() -> Measured:
    return run([sitegen_script(), "--version"])


def empty_build(site: Path = EMPTY_SITE) -> Measured:
    """A cold build of the empty site (made first if it is not there)."""
    if not (site / "sitegen.toml").is_file():
        make_empty_site(site)
    shutil.rmtree(site / "public", ignore_errors=True)
    shutil.rmtree(site / ".sitegen-cache", ignore_errors=True)
    return run([sitegen_script(), "build", "--quiet", "-s", str(site)])


def unchanged_build(site: Path = EMPTY_SITE) -> Measured:
    """The empty site built again, nothing changed since its last build."""
    return run([sitegen_script(), "build", "--quiet", "-s", str(site)])


def median(runs: list[Measured]) -> Measured:
    return Measured(statistics.median(m.seconds for m in runs), statistics.median(m.cpu for m in runs),
                    statistics.median(m.peak_mib for m in runs))


def measure(runs: int) -> dict[str, Measured]:
    """The median of `runs` runs of each, in turn."""
    make_empty_site()
    version(), empty_build()  # not counted: writes the compiled modules a user's install has
    results: dict[str, list[Measured]] = {"--version": [], "empty site build": [], "the same, nothing changed": []}
    for _ in range(runs):
        results["--version"].append(version())
        results["empty site build"].append(empty_build())
        results["the same, nothing changed"].append(unchanged_build())
    return {name: median(values) for name, values in results.items()}


def report(results: dict[str, Measured], runs: int) -> str:
    lines = [f"sitegen's start-up, median of {runs} runs, Python {sys.version.split()[0]}.", "",
             "| command | wall (s) | CPU (s) | peak MiB |", "|---|---:|---:|---:|"]
    lines += [f"| {name} | {m.seconds:.3f} | {m.cpu:.3f} | {m.peak_mib:.0f} |" for name, m in results.items()]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--instructions", action="store_true",
                        help="count instructions with Valgrind instead of timing (steady on a shared machine)")
    args = parser.parse_args()
    if args.instructions:
        print("| command | instructions (millions) |\n|---|---:|")
        print("\n".join(f"| {name} | {count / 1e6:,.0f} |" for name, count in count_instructions().items()))
        return
    print(report(measure(args.runs), args.runs), end="")


if __name__ == "__main__":
    main()
