"""From saving a release to the preview serving it: `sitegen serve` on a generated corpus.

    .venv/bin/python -m bench.serve 1000 --edits 5

Starts `sitegen serve` on the corpus, then edits one release's title several times and measures,
for each save, the time until the served page holds the new title (polling every 10 ms), and
reads from the server's log how long its rebuild took and how many pages it rendered. The
browser's own reload adds a few tens of milliseconds on top.
"""

from __future__ import annotations

import argparse
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from bench.corpus import generate

BENCH = Path(__file__).resolve().parent


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str) -> str:
    try:
        return urllib.request.urlopen(url, timeout=2).read().decode("utf-8", "replace")
    except OSError:
        return ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("releases", nargs="?", type=int, default=1000)
    parser.add_argument("--edits", type=int, default=10)
    args = parser.parse_args()
    site = generate(BENCH / f"corpus-{args.releases}", args.releases)
    release = sorted((site / "content/news").glob("*-*"))[0] / "index.id.md"
    original = release.read_text(encoding="utf-8")
    port = _free_port()
    url = f"http://127.0.0.1:{port}/berita/{release.parent.name}/"
    log = (BENCH / "results" / "serve.log").open("w+")
    server = subprocess.Popen([sys.executable, "-m", "sitegen", "serve", "-s", str(site), "--port", str(port)],
                              stdout=log, stderr=subprocess.STDOUT)
    seconds = []
    try:
        started = time.perf_counter()
        while "<h1>" not in _get(url):
            time.sleep(0.2)
        print(f"first build and serve: {time.perf_counter() - started:.1f} s")
        for number in range(args.edits):
            title = f"Judul suntingan {number}"
            time.sleep(1.5)  # let the watcher settle, as between two saves by a person
            saved = time.perf_counter()
            release.write_text(original.replace('title: "', f'title: "{title} ', 1), encoding="utf-8")
            while title not in _get(url):
                time.sleep(0.01)
            seconds.append(time.perf_counter() - saved)
            print(f"save {number + 1}: {seconds[-1]:.2f} s")
    finally:
        release.write_text(original, encoding="utf-8")
        server.terminate()
        server.wait()
    log.seek(0)
    rebuilds = [line.strip() for line in log if line.startswith("Rebuilt in")][1:]  # not the first build
    log.close()
    builds = [float(line.split()[2]) for line in rebuilds]
    print("\n".join(rebuilds))
    print(f"{args.releases:,} releases: save to served page, median of {len(seconds)}: "
          f"{statistics.median(seconds) * 1000:.0f} ms (the rebuild itself: {statistics.median(builds) * 1000:.0f} ms)")


if __name__ == "__main__":
    main()
