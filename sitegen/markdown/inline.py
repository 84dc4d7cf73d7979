"""Python-Markdown's inline processor, without trying patterns that cannot match the text.

Python-Markdown applies every inline pattern (links, emphasis, code, bare URLs, and smarty's 15
quote and dash patterns in a second pass) to every piece of text, one regular-expression search
each, through a registry lookup each. On a release most text is plain words, and these tries,
nearly all failing, were most of the CPU of converting a page.

`SkippingInlineProcessor` is Python-Markdown's own `InlineProcessor`, with one change: before it
tries a pattern on a text, it checks that the text holds at least one of the characters that every
match of the pattern holds (`required_characters`, read from the regular expression by Python's own
parser: `[` for a link, `'` for smarty's apostrophes, `@` for an e-mail address) and, where every
match holds a longer text, one of those (`required_texts`: "..." for smarty's ellipsis, "://" or
"www." for a bare URL, in any case). A pattern skipped
is one whose search would have found nothing, so the HTML is the same, byte for byte; a pattern
for which no such characters can be listed (only `\\s`, `.`, back-references...) is always tried.

The loop it replaces (`__handleInline`, name-mangled) has been the same since Markdown 3.0:
try pattern i from `start`; on a match try it again after the match; else go on with pattern i+1
from the text's beginning.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from typing import Any
from xml.etree.ElementTree import Element

import markdown
from markdown import util
from markdown.treeprocessors import InlineProcessor

try:  # Python's parser of regular expressions (private, but the same since 3.11, this project's oldest)
    from re import _constants as sre  # type: ignore[attr-defined]
    from re import _parser as sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - a Python that moved it: every pattern is simply always tried
    sre = sre_parse = None

# The only characters beyond ASCII that match an ASCII letter under re.IGNORECASE (Python's own table;
# tests/test_markdown_inline.py checks it against every character): the dotted and dotless i, the
# long s and the Kelvin sign.
SPECIAL_FOLDS = {"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"}
FOLDED = str.maketrans(SPECIAL_FOLDS)
LARGEST_RANGE = 256  # a character range [a-z] longer than this counts as "any character"
# Python-Markdown's priorities for its inline processor and smarty's (documented in both).
INLINE_PRIORITY = 20
SMARTY_PRIORITY = 6

Triggers = frozenset[str] | None  # characters of which every match holds one; None: any text may match
# Texts of which every match holds one (ASCII, lower case if the pattern ignores case), and whether it does.
Texts = tuple[frozenset[str], bool]
Required = tuple[Any, Triggers, Texts | None]  # a pattern (kept alive), its characters and its texts


class SkippingInlineProcessor(InlineProcessor):
    """Markdown's InlineProcessor, trying a pattern only on text with a character its matches need."""

    def run(self, tree: Element, ancestors: list[str] | None = None) -> Element:
        # The registry, sorted once per page (Markdown looks each pattern up by index, sorting
        # checks included, on every try), and which patterns each character may set off.
        patterns = list(self.inlinePatterns)
        if patterns != getattr(self, "_patterns", None):  # the first page, or an extension changed them
            self._patterns = patterns
            self._table = _TriggerTable(patterns, self.__dict__.setdefault("_required", {}))
        if not self._table.candidates("".join(_texts(tree))):
            # No pattern can match any text of the page (smarty's, often: the texts joined have
            # none of the characters its patterns need): Markdown's walk over the tree would put
            # every text back as it was.
            self.stashed_nodes: dict[str, Element | str] = {}
            return tree
        return super().run(tree, ancestors)

    def _InlineProcessor__handleInline(self, data: str, pattern_index: int = 0) -> str:  # noqa: N802 (Markdown's name)
        """Markdown's loop over the patterns, over only those the text has a needed character for."""
        if isinstance(data, util.AtomicString):
            return data
        apply = self._InlineProcessor__applyPattern  # type: ignore[attr-defined]
        patterns, table = self._patterns, self._table
        candidates = table.candidates(data)
        start = 0
        while (following := bisect_left(candidates, pattern_index)) < len(candidates):
            if candidates[following] != pattern_index:  # the ones between would have found nothing
                pattern_index, start = candidates[following], 0
            data, matched, start = apply(patterns[pattern_index], data, pattern_index, start)
            if matched:  # the text now has a placeholder in place of the match
                candidates = table.candidates(data)
            else:
                pattern_index += 1
        return data


class _TriggerTable:
    """For a page's list of patterns: which of them a text may match, by the characters it has."""

    def __init__(self, patterns: list[Any], required: dict[int, Required]) -> None:
        self.always: set[int] = set()
        self.by_character: dict[str, set[int]] = {}
        self.texts: dict[int, Texts] = {}  # "..." for smarty's ellipsis, "://" or "www." for a bare URL
        for index, pattern in enumerate(patterns):
            if id(pattern) not in required:  # kept with the pattern, so that its id stays its own
                compiled = pattern.getCompiledRegExp()
                required[id(pattern)] = (pattern, required_characters(compiled), required_texts(compiled))
            _, characters, text = required[id(pattern)]
            if characters is None:
                self.always.add(index)
            for character in characters or ():
                self.by_character.setdefault(character, set()).add(index)
            if text:
                self.texts[index] = text
        self.characters = frozenset(self.by_character)
        # Finds them in a text (a regular expression scans a long text faster than a set lookup per character).
        listed = "".join(map(re.escape, sorted(self.characters)))
        self.finder = re.compile(f"[{listed}]") if listed else None

    def candidates(self, data: str) -> list[int]:
        """The indexes of the patterns that may match `data`, in order."""
        present = set(self.finder.findall(data)) if self.finder else set()
        found = set(self.always)
        for character in present:
            found |= self.by_character[character]
        texts, folded = self.texts, None
        chosen = []
        for index in sorted(found):
            if index in texts:
                needed, any_case = texts[index]
                if any_case and folded is None:
                    folded = data.translate(FOLDED).lower()
                if not any(text in (folded if any_case else data) for text in needed):  # type: ignore[operator]
                    continue
            chosen.append(index)
        return chosen


def _texts(tree: Element) -> Iterator[str]:
    """The texts of a tree that inline patterns apply to (not code: an AtomicString)."""
    for element in tree.iter():
        for text in (element.text, element.tail):
            if text and not isinstance(text, util.AtomicString):
                yield text


def use_skipping_inline(md: markdown.Markdown) -> None:
    """Put SkippingInlineProcessor in place of Markdown's inline processor and smarty's, same patterns."""
    for name, priority in (("inline", INLINE_PRIORITY), ("smarty", SMARTY_PRIORITY)):
        if name not in md.treeprocessors:
            continue
        current = md.treeprocessors[name]
        if type(current) is not InlineProcessor:  # someone else's processor: leave it be
            continue
        replacement = SkippingInlineProcessor(md)
        replacement.inlinePatterns = current.inlinePatterns
        md.treeprocessors.register(replacement, name, priority)


def required_characters(compiled: re.Pattern[str]) -> Triggers:
    """Characters of which every match of `compiled` holds at least one, or None when no such set
    can be read from it (a match may be empty, or made of classes such as \\s or `.` only).

    Of the parts that every match has (a literal, a class, a group that cannot be empty), the one
    least likely in prose is taken: smarty's `(\\s|--|&nbsp;)'(?=\\w)` needs a `'`, and an e-mail
    address an `@`."""
    if sre_parse is None or not isinstance(compiled.pattern, str):
        return None
    try:
        parsed = sre_parse.parse(compiled.pattern, compiled.flags)
        chars = _required_in_sequence(list(parsed))
    except Exception:  # a parser that changed: try the pattern always, as Markdown does
        return None
    if chars is None:
        return None
    if parsed.state.flags & re.IGNORECASE:
        return _any_case(chars)
    return frozenset(chars)


def required_texts(compiled: re.Pattern[str]) -> Texts | None:
    """Texts longer than one character of which every match of `compiled` holds one ("..." in
    `(?<!\\.)\\.{3}(?!\\.)`; "://" or "www." in magiclink's bare URLs), or None when none is known.
    Under IGNORECASE they are in lower case, to be found in the text folded (`FOLDED`, then lower case)."""
    if sre_parse is None or not isinstance(compiled.pattern, str):
        return None
    try:
        parsed = sre_parse.parse(compiled.pattern, compiled.flags)
        texts = _texts_in_sequence(list(parsed))
    except Exception:  # as in required_characters
        return None
    if not texts:
        return None
    any_case = bool(parsed.state.flags & re.IGNORECASE)
    if any_case:
        if not all(text.isascii() for text in texts):
            return None
        texts = {text.lower() for text in texts}
    return frozenset(texts), any_case


def _texts_in_sequence(items: list[tuple[Any, Any]]) -> set[str] | None:
    """The best of the sets of texts that a sequence's matches hold: its runs of literal characters,
    and what groups and alternatives (each of them) hold; best is the one whose shortest text is longest."""
    options = [{run} for run in _literal_runs(items) if len(run) > 1]
    options += [texts for op, argument in items if (texts := _texts_in_item(op, argument))]
    return max(options, key=lambda texts: min(map(len, texts)), default=None)


def _texts_in_item(op: Any, argument: Any) -> set[str] | None:
    if op is sre.BRANCH:  # one of the alternatives matches: one of their texts is there
        found: set[str] = set()
        for branch in argument[1]:
            texts = _texts_in_sequence(list(branch))
            if not texts:
                return None
            found |= texts
        return found
    if op is sre.SUBPATTERN:
        _group, add_flags, del_flags, items = argument
        return None if add_flags or del_flags else _texts_in_sequence(list(items))
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", sre.MAX_REPEAT)):
        low, _high, items = argument
        return _texts_in_sequence(list(items)) if low >= 1 else None
    if op is getattr(sre, "ATOMIC_GROUP", None):
        return _texts_in_sequence(list(argument))
    return None


def _literal_runs(items: list[tuple[Any, Any]]) -> list[str]:
    """The runs of consecutive literal characters in a sequence (`a{2,}` counts as "aa", then ends one)."""
    runs, current = [], ""
    for op, argument in items:
        if op is sre.LITERAL:
            current += chr(argument)
            continue
        repeated = _repeated_literal(op, argument)
        if repeated is not None:
            character, low, high = repeated
            current += character * low
            if low == high:
                continue
        runs.append(current)
        current = ""
    return [*runs, current]


def _repeated_literal(op: Any, argument: Any) -> tuple[str, int, int] | None:
    """`x{low,high}` of one literal character: the character and the counts."""
    if op not in (sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", sre.MAX_REPEAT)):
        return None
    low, high, items = argument
    items = list(items)
    if len(items) != 1 or items[0][0] is not sre.LITERAL:
        return None
    return chr(items[0][1]), low, high


def _any_case(chars: set[str]) -> Triggers:
    """Under IGNORECASE: both cases of ASCII letters, and the characters beyond ASCII that match
    them (SPECIAL_FOLDS); a character beyond ASCII in the set: give up."""
    if not all(char.isascii() for char in chars):
        return None
    cased = {variant for char in chars for variant in (char.lower(), char.upper())}
    cased |= {special for special, letter in SPECIAL_FOLDS.items() if letter in cased}
    return frozenset(cased)


def _commonness(chars: set[str]) -> tuple[int, int]:
    """How likely prose has one of the characters: letters, digits and spaces are everywhere."""
    return sum(char.isalnum() or char == " " for char in chars), len(chars)


def _required_in_sequence(items: list[tuple[Any, Any]]) -> set[str] | None:
    """Every item of a sequence is in every match: the rarest known set of them."""
    candidates = [chars for op, argument in items if (chars := _required_in_item(op, argument)) is not None]
    return min(candidates, key=_commonness) if candidates else None


def _required_in_item(op: Any, argument: Any) -> set[str] | None:
    if op is sre.LITERAL:
        return {chr(argument)}
    if op is sre.IN:
        return _class_characters(argument)
    if op is sre.BRANCH:  # one of the branches matches: one of their sets
        found: set[str] = set()
        for branch in argument[1]:
            chars = _required_in_sequence(list(branch))
            if chars is None:
                return None
            found |= chars
        return found
    if op is sre.SUBPATTERN:
        _group, add_flags, del_flags, items = argument
        return None if add_flags or del_flags else _required_in_sequence(list(items))
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", sre.MAX_REPEAT)):
        low, _high, items = argument
        return _required_in_sequence(list(items)) if low >= 1 else None
    if op is getattr(sre, "ATOMIC_GROUP", None):
        return _required_in_sequence(list(argument))
    if op is sre.ASSERT:  # (?=x) or (?<=x): no part of the match, but x is in the text all the same
        return _required_in_sequence(list(argument[1]))
    return None  # negative lookarounds, anchors, any character, a back-reference...


def _class_characters(items: list[tuple[Any, Any]]) -> set[str] | None:
    found: set[str] = set()
    for op, argument in items:
        if op is sre.LITERAL:
            found.add(chr(argument))
        elif op is sre.RANGE and argument[1] - argument[0] < LARGEST_RANGE:
            found.update(map(chr, range(argument[0], argument[1] + 1)))
        else:  # a negated class, \d, \w, \s, a long range
            return None
    return found
