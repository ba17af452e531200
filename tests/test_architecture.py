"""The package's shape: one subpackage per stage, imports only downwards, no cycles, small pieces.

Parsed with `ast` from the source files, so a function-level import counts as much as a top one.
"""

from __future__ import annotations

import ast
import statistics
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "generator"

LAYERS = {
    "generator": 0,
    "generator.errors": 0,
    "generator.content": 1,
    "generator.net": 1,
    "generator.config": 2,
    "generator.fetch": 3,
    "generator.faq": 3,
    "generator.render": 4,
    "generator.cli": 5,
    "generator.__main__": 6,
}
"""Who may import whom: a module imports only from a lower layer or its own subpackage."""


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imports(path: Path) -> set[str]:
    """Every generator module a file imports, at any depth of the file."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            known = modules()
            found |= {
                f"{node.module}.{a.name}" if f"{node.module}.{a.name}" in known else node.module for a in node.names
            }
    return {name for name in found if name == "generator" or name.startswith("generator.")}


def layer(name: str) -> tuple[int, str]:
    """(layer, subpackage) of a module: the longest LAYERS prefix that names it."""
    best = max((p for p in LAYERS if name == p or name.startswith(p + ".")), key=len)
    return LAYERS[best], best


def test_every_subpackage_says_what_it_is():
    for init in sorted(PACKAGE.glob("*/__init__.py")):
        doc = ast.get_docstring(ast.parse(init.read_text("utf-8")))
        assert doc and len(doc) > 40, f"{init.parent.name}/__init__.py needs a docstring saying what it holds"


def test_every_module_belongs_to_a_layer():
    for name in modules():
        assert layer(name)[1] != "generator" or name == "generator", f"{name}: add it to LAYERS"


def test_imports_only_run_downwards():
    wrong = []
    for name, path in modules().items():
        mine, package = layer(name)
        for target in imports(path):
            theirs, target_package = layer(target)
            if target_package != package and theirs >= mine:
                wrong.append(f"{name} imports {target}")
    assert wrong == []


def test_there_is_no_import_cycle():
    graph = {name: imports(path) - {name} for name, path in modules().items()}
    state: dict[str, str] = {}

    def visit(node: str, trail: list[str]) -> None:
        if state.get(node) == "done":
            return
        assert state.get(node) != "open", "import cycle: " + " -> ".join([*trail, node])
        state[node] = "open"
        for nxt in sorted(graph.get(node, ())):
            if nxt in graph and nxt != "generator":
                visit(nxt, [*trail, node])
        state[node] = "done"

    for name in sorted(graph):
        visit(name, [])


def functions(path: Path) -> list[tuple[str, int]]:
    tree = ast.parse(path.read_text("utf-8"))
    return [
        (f"{path.name}:{node.name}", node.end_lineno - node.lineno + 1)
        for node in ast.walk(tree)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.end_lineno
    ]


def test_functions_stay_small():
    lengths = sorted(n for p in modules().values() for _, n in functions(p))
    p90 = lengths[int(len(lengths) * 0.9)]
    assert statistics.median(lengths) <= 10, statistics.median(lengths)
    assert p90 <= 25, p90


@pytest.mark.parametrize("name", sorted(modules()))
def test_no_module_is_over_400_lines(name):
    lines = len(modules()[name].read_text("utf-8").splitlines())
    assert lines <= 400, f"{name} has {lines} lines: split it by noun"
