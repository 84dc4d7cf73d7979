"""A descriptor's `pattern`, run by RE2: its time grows with the cell, never with the pattern.

Python's `re` backtracks: `(a+)+$` stalls a build for seconds on one cell. RE2 (Google's, as
`google-re2`) refuses what it cannot run in linear time and bounds the memory a pattern takes.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from sitegen.core.limits import PATTERN_MEMORY
from sitegen.core.messages import tr
from sitegen.data.tables import quoted


@lru_cache(maxsize=256)
def compile_pattern(pattern: str) -> Any:
    """A descriptor's pattern, compiled by RE2 within PATTERN_MEMORY; ValueError says why it cannot be."""
    import re2  # here: only a descriptor with a pattern needs it (start-up)

    options = re2.Options()
    options.max_mem = PATTERN_MEMORY
    options.log_errors = False  # RE2 would print its own line on stderr; the message says it once
    try:
        return re2.compile(pattern, options)
    except re2.error as error:
        reason = error.args[0].decode(errors="replace") if error.args and isinstance(error.args[0], bytes) \
            else str(error)
        raise ValueError(tr("{pattern} is not a regular expression sitegen can run ({reason}); a pattern may not "
                            "look ahead or behind, refer back to a group, or repeat more than 1,000 times",
                            pattern=quoted(pattern), reason=reason)) from None
