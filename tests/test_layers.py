"""The package's layers (docs/architecture.md, "The package's layers"): a package imports only
the packages below it, no module imports itself back through others, and the data contract
names every table the code reads."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from zonebook import data
from zonebook.core import paths

PACKAGE = paths.ROOT / "zonebook"
# each layer and the layers it may import (besides itself)
ALLOWED = {
    "core": set(),
    "data": {"core"},
    "report": {"data", "core"},
    "engine": {"data", "core"},
    "publish": {"engine", "data", "core"},
    "staff": {"engine", "data", "core"},
    "review": {"publish", "engine", "data", "core"},
}
TOP = {"cli", "build", "__main__", "__init__"}  # the commands and the package's face: may import any layer


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> set[str]:
    """Every zonebook module or package a file imports, at any depth of its code."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == "zonebook"}
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{path}: relative import; the layers are read from absolute ones"
            if node.module and node.module.split(".")[0] == "zonebook":
                folder = PACKAGE.parent / node.module.replace(".", "/")
                for alias in node.names:
                    # `from zonebook.data import readers` imports the module, not the package's face
                    is_module = (folder / alias.name).is_dir() or (folder / f"{alias.name}.py").exists()
                    found.add(f"{node.module}.{alias.name}" if is_module else node.module)
    return found


def graph() -> dict[str, set[str]]:
    return {module_name(p): imports(p) for p in sorted(PACKAGE.rglob("*.py"))}


def layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def upward_imports(modules: dict[str, set[str]]) -> list[str]:
    wrong = []
    for module, targets in modules.items():
        own = layer(module)
        if own in TOP:
            continue
        for target in sorted(targets):
            other = layer(target)
            if other != own and other not in ALLOWED.get(own, set()):
                wrong.append(f"{module} imports {target} ({own} may import {sorted(ALLOWED.get(own, set()))})")
    return wrong


def circles(modules: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan), each sorted."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in modules.get(node, ()):
            if target not in modules:
                continue
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in modules:
        if node not in index:
            visit(node)
    return found


def test_every_module_belongs_to_a_layer():
    strays = [m for m in graph() if layer(m) not in ALLOWED and layer(m) not in TOP]
    assert strays == [], f"modules outside the layers of docs/architecture.md: {strays}"


def test_imports_go_down_only():
    assert upward_imports(graph()) == []


def test_no_module_imports_itself_back():
    assert circles(graph()) == []


def test_the_checks_can_fail():
    planted = {"zonebook.data.tables": {"zonebook.report.charts"}, "zonebook.report.charts": {"zonebook.data.tables"}}
    assert upward_imports(planted) == ["zonebook.data.tables imports zonebook.report.charts (data may import ['core'])"]
    assert circles(planted) == [["zonebook.data.tables", "zonebook.report.charts"]]


@pytest.mark.parametrize("table", [*data.FACT_TABLES, *data.OTHER_TABLES])
def test_the_data_contract_names_every_table_the_code_reads(table):
    assert f"`{table}.csv`" in (paths.ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
