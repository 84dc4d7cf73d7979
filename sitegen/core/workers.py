"""Work shared among forked processes, so that a build uses every core of the machine.

A build's two largest costs, converting Markdown and rendering pages, are independent per page,
and Python runs one thread at a time. Forked workers inherit the prepared site as it is in
memory (nothing is pickled on the way in), each takes every n-th item, and only the results are
sent back. Whatever a worker changes in its own memory is lost when it ends: work given to
workers must return everything the build keeps (markdown/convert.py's workers send back the charts
each page registered, for the main process to register).
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

WORTH_IT = 200  # items below which forking costs more than it saves

# What the workers run: set just before they are forked, which is how they get it.
_work: Callable[[Any], Any] | None = None
_items: Sequence[Any] = ()


def default_workers() -> int:
    """The cores this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def forks(count: int, workers: int) -> bool:
    """Whether `count` items are shared among forked workers.

    Never in a process running other threads (`sitegen serve`'s server and watchers): a lock one
    of them held at the fork would stay locked in the worker forever.
    """
    return workers > 1 and count >= WORTH_IT and sys.platform != "win32" and threading.active_count() == 1


def in_workers(work: Callable[[T], R], items: Sequence[T], workers: int) -> list[R]:
    """`[work(item) for item in items]`, in order, in `workers` forked processes when worth it.

    `work` should return a user's mistakes rather than raise them: an exception crosses back
    pickled, and only sitegen's own bugs should take that road.
    """
    if not forks(len(items), workers):
        return [work(item) for item in items]
    import multiprocessing  # here: `sitegen --version` and a build with nothing to do never fork

    global _work, _items
    _work, _items = work, items
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            slices = pool.map(_run_slice, [(start, workers) for start in range(workers)], chunksize=1)
    finally:
        _work, _items = None, ()
    results: list[Any] = [None] * len(items)
    for start, part in enumerate(slices):
        results[start::workers] = part
    return results


def _run_slice(arguments: tuple[int, int]) -> list[Any]:
    start, step = arguments
    assert _work is not None
    return [_work(item) for item in _items[start::step]]
