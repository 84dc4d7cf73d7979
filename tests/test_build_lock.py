"""One build of a site at a time (core/lock.py): a second `sitegen build` waits for the first, a
killed build leaves no lock behind, and a mistyped --source gets no new folder."""

from __future__ import annotations

import fcntl
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from sitegen.core.lock import one_build_at_a_time
from tests.conftest import make_site, published_files

ENV = {**os.environ, "SITEGEN_LANG": "en"}


def _sitegen(site: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "sitegen", "build", "-j", "1", *args], cwd=site, env=ENV,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _hold_lock(site: Path) -> int:
    """The lock taken as a running build takes it, by this process."""
    (site / ".sitegen-cache").mkdir(exist_ok=True)
    descriptor = os.open(site / ".sitegen-cache/build.lock", os.O_RDWR | os.O_CREAT, 0o644)
    fcntl.lockf(descriptor, fcntl.LOCK_EX)
    os.ftruncate(descriptor, 0)
    os.pwrite(descriptor, str(os.getpid()).encode(), 0)
    return descriptor


def test_a_second_build_waits_for_the_first_and_says_so(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    descriptor = _hold_lock(site)
    try:
        waiting = _sitegen(site)
        time.sleep(4)  # time enough to build the small site, had it not waited
        assert waiting.poll() is None, "the build did not wait for the one holding the lock"
        assert not (site / "public").exists()
    finally:
        os.close(descriptor)
    out, err = waiting.communicate(timeout=120)
    assert waiting.returncode == 0, err
    assert err.splitlines()[0] == (f"Another build of this site is running (process {os.getpid()}); "
                                   "waiting for it to finish.")
    assert out.startswith("Built ")
    assert (site / "public/index.html").is_file()


def test_a_killed_build_leaves_no_lock_behind(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    holder = subprocess.Popen([sys.executable, "-c", (
        "import fcntl, os, sys, time\n"
        "d = os.open('.sitegen-cache/build.lock', os.O_RDWR | os.O_CREAT)\n"
        "fcntl.lockf(d, fcntl.LOCK_EX); os.write(d, str(os.getpid()).encode())\n"
        "print('locked', flush=True); time.sleep(600)\n")], cwd=site, stdout=subprocess.PIPE, text=True)
    (site / ".sitegen-cache").mkdir(exist_ok=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
    build = _sitegen(site)
    _, err = build.communicate(timeout=120)
    assert build.returncode == 0, err
    assert "waiting" not in err  # the file is still there, with the killed build's number: no lock
    assert (site / ".sitegen-cache/build.lock").read_text() == str(build.pid)


def test_two_builds_started_together_publish_one_whole_site(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    builds = [_sitegen(site), _sitegen(site)]
    results = [build.communicate(timeout=180) for build in builds]
    assert [build.returncode for build in builds] == [0, 0], results
    # Both start Python in a fraction of the time a build takes: the second to reach the lock waits.
    assert sum("waiting for it to finish" in err for _, err in results) == 1, results
    first = published_files(site / "public")
    alone = make_site(tmp_path / "alone")
    assert subprocess.run([sys.executable, "-m", "sitegen", "build", "-j", "1", "--quiet"], cwd=alone, env=ENV,
                          check=False).returncode == 0
    assert first == published_files(alone / "public")


def test_the_lock_is_free_once_the_build_ends_though_what_it_forked_lives_on(tmp_path: Path) -> None:
    """Workers and the background removal of the replaced folder (writer.py) are forked with the
    lock's file open: they must not hold the lock after the build has ended."""
    (tmp_path / ".sitegen-cache").mkdir()
    forked = subprocess.Popen([sys.executable, "-c", (
        "import os, sys, time\n"
        "from pathlib import Path\n"
        "from sitegen.core.lock import one_build_at_a_time\n"
        "with one_build_at_a_time(Path('.sitegen-cache'), print):\n"
        "    child = os.fork()\n"
        "    if child == 0:\n"
        "        time.sleep(30); os._exit(0)\n"
        "print(child, flush=True); time.sleep(30)\n")], cwd=tmp_path, stdout=subprocess.PIPE, text=True)
    child = 0
    try:
        assert forked.stdout is not None
        child = int(forked.stdout.readline())  # the lock's `with` has ended; its fork still runs
        os.kill(child, 0)

        def held(pid: int | None) -> None:
            raise AssertionError(f"the lock is still held, by {pid}")

        with one_build_at_a_time(tmp_path / ".sitegen-cache", held):
            pass
    finally:
        forked.kill()
        forked.wait()
        if child:
            os.kill(child, signal.SIGKILL)


def test_a_mistyped_source_folder_is_not_created(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "sitegen", "build", "-s", str(tmp_path / "sitte")], env=ENV,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert not (tmp_path / "sitte").exists()
    assert list(tmp_path.iterdir()) == []
