"""The shape of the house (docs/design.md, "Apps and layers"): every import points down the app order, no app's
modules import each other in a circle, and no module grows past what one person reads at once."""

from __future__ import annotations

import ast
import itertools
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Lowest first. An app may import the apps before it, never one after it.
APP_ORDER = ["core", "schools", "competitions", "submissions", "judging", "awards", "exports", "demo", "festival"]
MAX_LINES = 500


def _modules(app: str) -> list[Path]:
    return sorted(p for p in (ROOT / app).rglob("*.py") if "migrations" not in p.parts)


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, *, top_level_only: bool = False) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    found: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


@pytest.mark.parametrize("app", APP_ORDER)
def test_an_app_imports_only_the_apps_below_it(app):
    allowed = set(APP_ORDER[: APP_ORDER.index(app) + 1])
    upward = sorted(
        f"{_module_name(path)} imports {name}"
        for path in _modules(app)
        for name in _imports(path)
        if name.split(".")[0] in APP_ORDER and name.split(".")[0] not in allowed
    )

    assert upward == []


@pytest.mark.parametrize("app", APP_ORDER)
def test_the_modules_of_an_app_import_each_other_without_a_cycle(app):
    modules = {_module_name(p): p for p in _modules(app)}
    graph = {
        name: {imported for imported in _imports(path, top_level_only=True) if imported in modules and imported != name}
        for name, path in modules.items()
    }
    cycles: list[list[str]] = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append([*path[path.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt, [*path, nxt])
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    # A package's __init__ re-exporting its modules is not a cycle of ideas: drop package → own module edges.
    real = [c for c in cycles if not any(b.startswith(a + ".") for a, b in itertools.pairwise(c))]

    assert real == []


def test_no_application_module_is_longer_than_one_person_reads_at_once():
    long = sorted(
        f"{path.relative_to(ROOT)}: {n} lines"
        for app in APP_ORDER
        for path in _modules(app)
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    )

    assert long == []
