"""Load YAML from a site's files safely: every failure a message with the file and line.

PyYAML alone lets a small file do large harm: 100,000 nested `[` end in a RecursionError,
nine lines of `&anchor`/`*alias` ("billion laughs") expand to a billion values in whatever
walks the result, an invisible control character raises a ReaderError without a line, and
a 5,000-digit number raises Python's ValueError. Here the document's events are read first
(PyYAML's parser is a loop, not a recursion) and measured against `limits.NESTING` and
`limits.YAML_NODES`, counting each use of an anchor as the values it repeats; only then is it
composed and constructed. Used for dataset descriptors, tables and chart blocks, and open to
front matter.

PyYAML is imported by the functions that read YAML, not with this module: a site without front
matter, tables or charts to read (an empty one) never loads it (start-up).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sitegen.core.characters import describe_control
from sitegen.core.errors import Problem, SitegenError
from sitegen.core.limits import DIGITS, NESTING, YAML_NODES
from sitegen.core.messages import tr, tr_later

if TYPE_CHECKING:
    import yaml

# What PyYAML says of the mistakes writers make most (a colon in a value, a tab, a quote or bracket
# left open), in the reader's language; PyYAML's other sentences are shown as it writes them.
YAML_PROBLEMS = (
    tr_later("mapping values are not allowed here"), tr_later("could not find expected ':'"),
    tr_later("while scanning a simple key"), tr_later("while parsing a block mapping"),
    tr_later("while parsing a block collection"), tr_later("did not find expected key"),
    tr_later("did not find expected '-' indicator"), tr_later("while scanning a quoted scalar"),
    tr_later("found unexpected end of stream"), tr_later("while parsing a flow sequence"),
    tr_later("while parsing a flow mapping"), tr_later("found character '\\t' that cannot start any token"),
    tr_later("while scanning for the next token"), tr_later("while parsing a block node"),
    # LibYAML's words for the same (the fast loader, when PyYAML has it)
    tr_later("mapping values are not allowed in this context"), tr_later("found character that cannot start any token"),
    tr_later("did not find expected ',' or ']'"),
    tr_later("found undefined alias"),
)


def yaml_reason(*parts: str | None) -> str:
    """PyYAML's context and problem, each in the reader's language when sitegen knows it."""
    return ", ".join(tr(part) for part in parts if part) or tr("cannot be read")


@functools.cache
def fast_loader() -> type:
    """LibYAML's loader when PyYAML was built with it: ten times faster on a large table."""
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def safe_loader() -> type:
    """PyYAML's safe loader, the one every function here reads with unless told another."""
    import yaml

    return yaml.SafeLoader


class YamlValueError(Exception):
    """A document over a limit, or a value that cannot be read; `line` is 1-based in the text."""

    def __init__(self, line: int | None, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def _checked_int(loader: yaml.constructor.SafeConstructor, node: yaml.ScalarNode) -> int:
    """YAML's integer, refused past limits.DIGITS digits (Python stops at 4,300 with a ValueError)."""
    import yaml

    try:
        value = yaml.constructor.SafeConstructor.construct_yaml_int(loader, node)
    except ValueError:
        value = None
    if value is None or abs(value) >= 10**DIGITS:
        raise YamlValueError(node.start_mark.line + 1,
                             tr("holds a number with more than {digits} digits; write it shorter, or in a larger "
                                "unit", digits=DIGITS))
    return int(value)


def _constructor_for(loader: type) -> type:
    """The loader with integers checked and every value's ValueError given its line.

    A subclass, so that the caller's loader is left as it is.
    """
    def construct_object(self: Any, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return loader.construct_object(self, node, deep)
        except ValueError as error:  # PyYAML reads a value with Python's int(), float() or date()
            raise YamlValueError(node.start_mark.line + 1,
                                 tr("holds {node}, which cannot be read ({error})", node=_value(node),
                                    error=error)) from None

    checked = type(f"Checked{loader.__name__}", (loader,), {"construct_object": construct_object})
    checked.add_constructor("tag:yaml.org,2002:int", _checked_int)
    return checked


def _value(node: yaml.Node) -> str:
    import yaml

    if isinstance(node, yaml.ScalarNode):
        return f"the value {node.value[:40]!r}"
    return "a value"


_CHECKED: dict[type, type] = {}


@dataclass
class _Collection:
    """A list or mapping being read: its anchor, and the values and depth below it so far."""

    anchor: str | None
    size: int = 1  # itself and every value below it, aliases expanded
    depth: int = 0  # levels of lists and mappings below it


def measure(text: str, loader: type | None = None, max_values: int = YAML_NODES) -> None:
    """Refuse a document nested deeper than NESTING or holding more than max_values values.

    Each alias counts as the values and depth of what it repeats, so that the limits hold
    for the data the document expands to, not only for its text.
    """
    sizes: dict[str, tuple[int, int]] = {}  # anchor -> (values, depth) of its finished node
    open_anchors: set[str] = set()
    stack: list[_Collection] = []
    total = 0

    def add(size: int, depth: int, line: int) -> None:
        nonlocal total
        if depth > NESTING:
            raise YamlValueError(line, tr("nests lists and tables more than {limit} levels deep (counting what "
                                          "its *aliases repeat); write it flatter", limit=NESTING))
        if stack:
            stack[-1].size += size
            stack[-1].depth = max(stack[-1].depth, depth)
        else:
            total += size
        if (stack[0].size if stack else total) > max_values:
            raise YamlValueError(line, tr("holds more than {max_values:,} values (counting each value an *alias "
                                          "repeats); split it, or use fewer aliases", max_values=max_values))

    import yaml

    for event in yaml.parse(text, Loader=loader or yaml.SafeLoader):
        line = event.start_mark.line + 1 if event.start_mark else 0
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            if len(stack) >= NESTING:
                raise YamlValueError(line, tr("nests lists and tables more than {limit} levels deep; write it flatter",
                                              limit=NESTING))
            stack.append(_Collection(event.anchor))
            if event.anchor:
                open_anchors.add(event.anchor)
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            done = stack.pop()
            if done.anchor:
                open_anchors.discard(done.anchor)
                sizes[done.anchor] = (done.size, done.depth + 1)
            add(done.size, done.depth + 1, line)
        elif isinstance(event, yaml.ScalarEvent):
            if event.anchor:
                sizes[event.anchor] = (1, 0)
            add(1, 0, line)
        elif isinstance(event, yaml.AliasEvent):
            if event.anchor in open_anchors:
                raise YamlValueError(line, tr("the alias *{anchor} repeats the list or table it is in, which never "
                                              "ends; write the values out", anchor=event.anchor))
            if event.anchor in sizes:  # an unknown alias: the composer says so, with its line
                add(*sizes[event.anchor], line)


def load(text: str, loader: type | None = None, max_values: int = YAML_NODES) -> tuple[Any, yaml.Node | None]:
    """The document's data and its node tree (for the line of each key).

    Raises YamlValueError, or PyYAML's MarkedYAMLError for a syntax mistake.
    """
    loader = loader or safe_loader()
    measure(text, loader, max_values)
    if loader not in _CHECKED:
        _CHECKED[loader] = _constructor_for(loader)
    reader = _CHECKED[loader](text)
    try:
        node = reader.get_single_node()
        data = reader.construct_document(node) if node is not None else None
    finally:
        reader.dispose()
    return data, node


def load_yaml(text: str, where: str, *, first_line: int = 1, subject: str = "", with_context: bool = True,
              loader: type | None = None, max_values: int = YAML_NODES,
              pointed: Callable[[str], str | None] | None = None) -> tuple[Any, yaml.Node | None]:
    """`load`, with every failure a SitegenError naming `where` and the file's line.

    first_line: the file's line of the text's first line (a block inside a release);
    subject: what the message is about ("chart ", "front matter "), before "is not valid YAML";
    with_context: say where a broken list or quote starts, and point at it, rather than
    only where YAML gave up; max_values: YAML_NODES, or more for a table; pointed: show a syntax
    error's line as written with a caret where YAML stopped, and the line this function gives
    as the way to write it (if any).
    """
    import yaml

    def problem(line: int | None, message: str) -> SitegenError:
        shown = None if line is None else first_line + line - 1
        return SitegenError([Problem(where, shown, subject + message)])

    try:
        return load(text, loader, max_values)
    except YamlValueError as error:
        raise problem(error.line, error.message) from None
    except yaml.MarkedYAMLError as error:
        if error.problem == "exceeded maximum nesting depth":  # LibYAML's own limit, met before ours
            raise problem(1, tr("nests lists and tables more than {limit} levels deep; write it flatter",
                                limit=NESTING)) from None
        mark = (error.context_mark if with_context else None) or error.problem_mark
        parts = [error.context, error.problem] if with_context else [error.problem]
        what = yaml_reason(*parts)
        shown = _pointing(text, error.problem_mark, pointed) if pointed is not None else ""
        raise problem(mark.line + 1 if mark else None, tr("is not valid YAML: {what}{shown}", what=what,
                                                          shown=shown)) from None
    except yaml.reader.ReaderError as error:
        raise problem(*_reader_problem(text, error)) from None
    except yaml.YAMLError as error:
        raise problem(None, tr("is not valid YAML: {error}", error=error)) from None
    except RecursionError:  # measure() keeps nesting far below this; a last guard all the same
        raise problem(None, tr("nests lists and tables more than {limit} levels deep; write it flatter",
                               limit=NESTING)) from None


def _pointing(text: str, mark: yaml.Mark | None, advise: Callable[[str], str | None]) -> str:
    """The line YAML stopped on, as written, a caret under where, and how to write it if that is known."""
    lines = text.split("\n")
    if mark is None or not 0 <= mark.line < len(lines):
        return ""
    line, number = lines[mark.line], str(mark.line + 1)
    caret = " " * min(mark.column, len(line)) + "^"
    fix = advise(line)
    return (f"\n  {number} | {line}\n  {' ' * len(number)} | {caret}"
            + ("\n  " + tr("write it as: {fix}", fix=fix.strip()) if fix else ""))


def _reader_problem(text: str, error: yaml.reader.ReaderError) -> tuple[int | None, str]:
    """Where the character YAML refuses stands, and which it is (it is invisible in an editor)."""
    character = error.character if isinstance(error.character, int) else None
    if character is None:
        return None, tr("is not valid YAML: {error}", error=error.reason)
    position = text.find(chr(character))
    line = text.count("\n", 0, position) + 1 if position >= 0 else None
    return line, tr("holds {character}, which YAML does not allow; delete it (retype the text around it)",
                    character=describe_control(chr(character)))
