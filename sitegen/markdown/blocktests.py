"""Python-Markdown's block tests, without searching blocks that cannot match.

Before a paragraph becomes a paragraph, Python-Markdown asks each block processor whether the block
is its kind; three of them (headings with #, horizontal rules, block quotes) answer by searching the
whole block with a regular expression that tries every position, a few microseconds per block
each, a tenth of converting a release of plain paragraphs. A block without a character that every
match of that expression holds (`#`, one of `-_*`, `>`: `required_characters`) cannot match: its
test is answered False without the search, as the search would have answered.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from xml.etree.ElementTree import Element

import markdown
from markdown.blockprocessors import BlockQuoteProcessor, HashHeaderProcessor, HRProcessor

from sitegen.markdown.inline import required_characters

# The processors whose `test` is one search of the block with this expression and nothing else when
# it finds nothing (Markdown's source, the same since 3.0); only these exact classes.
SEARCHED_WITH = {HashHeaderProcessor: "RE", HRProcessor: "SEARCH_RE", BlockQuoteProcessor: "RE"}

BlockTest = Callable[[Element, str], bool]


def use_quick_block_tests(md: markdown.Markdown) -> None:
    """Give the block processors of SEARCHED_WITH a test that first looks for a needed character."""
    for processor in md.parser.blockprocessors:
        attribute = SEARCHED_WITH.get(type(processor))
        expression = getattr(processor, attribute, None) if attribute else None
        if not isinstance(expression, re.Pattern):
            continue
        needed = required_characters(expression)
        if needed is None:
            continue
        processor.test = _quick(processor.test, needed)  # type: ignore[method-assign]


def _quick(test: BlockTest, needed: frozenset[str]) -> BlockTest:
    finder = re.compile("[{}]".format("".join(map(re.escape, sorted(needed)))))

    def quick_test(parent: Element, block: str) -> bool:
        return finder.search(block) is not None and test(parent, block)
    return quick_test
