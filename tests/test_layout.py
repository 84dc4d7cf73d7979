"""The package's folders show the build: stages as subpackages, lower stages never import higher ones.

The imports are read with `ast` (every import, also those inside functions and under
TYPE_CHECKING: a type that must come from a higher stage is a value in the wrong place), so a
new import that breaks the layering fails here, naming the file, its line and the rule.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "sitegen"
# Lowest first: a stage may import itself and the stages before it, never one after it.
STAGES = ["core", "source", "data", "model", "markdown", "pages", "outputs", "incremental", "commands"]
MOST_LINES = 450


def module_name(file: Path) -> str:
    parts = file.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(f): f for f in sorted(PACKAGE.rglob("*.py"))}


def imports(file: Path) -> Iterator[tuple[int, str]]:
    """(line, module) of every sitegen module a file imports, however it is written."""
    name = module_name(file)
    known = modules()
    for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = name.split(".")[: len(name.split(".")) - node.level + (file.name == "__init__.py")]
                base = ".".join([*parent, base] if base else parent)
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base for alias in node.names]
        else:
            continue
        for target in targets:
            if target.startswith("sitegen") and target != name:
                yield node.lineno, target


def stage_of(module: str) -> str | None:
    """The stage a module belongs to; None for the package's top (`sitegen`, `sitegen.cli`)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 2 or (len(parts) == 2 and parts[1] in STAGES) else None


def test_every_module_is_in_a_stage_but_the_command_line_and_the_package_itself() -> None:
    loose = [m for m in modules() if stage_of(m) is None and m not in ("sitegen", "sitegen.cli", "sitegen.__main__")]
    assert loose == [], f"modules outside the stages {STAGES}: {loose}"
    assert {m.split(".")[1] for m in modules() if stage_of(m)} == set(STAGES)


def test_lower_stages_never_import_higher_ones() -> None:
    wrong = []
    for module, file in modules().items():
        stage = stage_of(module)
        for line, target in imports(file):
            used = stage_of(target)
            if stage is None or used is None:
                if stage is not None and target not in ("sitegen",):  # the top: only its version
                    wrong.append(f"{file.relative_to(PACKAGE.parent)}:{line}: {module} imports {target}, "
                                 "which is above every stage")
                continue
            if STAGES.index(used) > STAGES.index(stage):
                wrong.append(f"{file.relative_to(PACKAGE.parent)}:{line}: {module} ({stage}) imports {target} "
                             f"({used}), a later stage")
    assert wrong == [], "\n".join(wrong)


def test_there_is_no_import_cycle_anywhere_in_the_package() -> None:
    graph = {m: {t for _, t in imports(f) if t in modules()} for m, f in modules().items()}
    cycles = [c for c in strongly_connected(graph) if len(c) > 1]
    assert cycles == [], f"modules that import each other: {cycles}"


def strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm: groups of modules that reach each other through imports."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for after in sorted(graph[node]):
            if after not in index:
                visit(after)
                low[node] = min(low[node], low[after])
            elif after in stack:
                low[node] = min(low[node], index[after])
        if low[node] == index[node]:
            group = []
            while (top := stack.pop()) != node:
                group.append(top)
            found.append(sorted([node, *group]))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert strongly_connected({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"], ["d"]]


@pytest.mark.parametrize("stage", STAGES)
def test_each_stage_says_what_it_does_and_which_stages_it_may_use(stage: str) -> None:
    doc = ast.get_docstring(ast.parse((PACKAGE / stage / "__init__.py").read_text(encoding="utf-8"))) or ""
    uses = [line for line in doc.splitlines() if line.startswith("May use:")]
    assert len(doc.splitlines()) >= 3 and len(uses) == 1, f"sitegen/{stage}/__init__.py: a docstring with 'May use:'"
    named = [word.strip(" .`") for word in uses[0].removeprefix("May use:").split(",") if word.strip(" .")]
    assert named == (STAGES[: STAGES.index(stage)] or ["nothing"]), uses[0]


def test_no_module_is_over_450_lines() -> None:
    long = {m: n for m, f in modules().items() if (n := len(f.read_text(encoding="utf-8").splitlines())) > MOST_LINES}
    assert long == {}
