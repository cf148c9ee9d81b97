"""No import cycles among Gardien's own modules, at module or at package level.

`TYPE_CHECKING` imports count: a cycle hidden from the interpreter is still a cycle a
reader has to untangle. The layers themselves (entry points -> adapters -> core ->
engine | storage, catalogue below all) are import-linter contracts in pyproject.toml,
run by .ci/run; this test adds what import-linter does not check: acyclicity
everywhere, subpackages included.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("gardien", "adapters", "bot", "rules", "storage", "catalogue")


def modules(root: Path, packages: Iterable[str]) -> dict[str, Path]:
    found: dict[str, Path] = {}
    for package in packages:
        for path in sorted((root / package).rglob("*.py")):
            parts = list(path.relative_to(root).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


def import_graph(found: dict[str, Path]) -> dict[str, set[str]]:
    """module -> the project modules it imports (every import statement, wherever it is)."""

    def resolve(name: str) -> str | None:
        while name and name not in found:
            name = name.rpartition(".")[0]
        return name or None

    graph: dict[str, set[str]] = {name: set() for name in found}
    for name, path in found.items():
        package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                head = node.module or ""
                if node.level:
                    base = package[: len(package) - node.level + 1]
                    head = ".".join(base + ([node.module] if node.module else []))
                targets = [f"{head}.{a.name}" if f"{head}.{a.name}" in found else head
                           for a in node.names]
            for target in targets:
                resolved = resolve(target)
                if resolved is not None and resolved != name:
                    graph[name].add(resolved)
    return graph


def packages_of(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    """The same graph between packages: a module of a subpackage stands for the whole
    subpackage (`bot.commands.center` is `bot.commands`), a module at the top of a
    package for itself (`bot.adapter`), so a subpackage and its parent's modules cannot
    lean on each other either."""

    def unit(name: str) -> str:
        return ".".join(name.split(".")[:2])

    folded: dict[str, set[str]] = {}
    for source, targets in graph.items():
        edges = folded.setdefault(unit(source), set())
        edges.update(unit(t) for t in targets if unit(t) != unit(source))
    return folded


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one node (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for start in graph:
        if start in index:
            continue
        work = [(start, iter(sorted(graph.get(start, ()))))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_no_module_imports_itself_back():
    found = modules(ROOT, PACKAGES)
    assert len(found) > 100   # the scan saw the project
    assert cycles(import_graph(found)) == []


def test_no_package_imports_itself_back():
    found = modules(ROOT, PACKAGES)
    folded = packages_of(import_graph(found))
    assert {"bot", "bot.commands", "bot.cases", "bot.newcomers", "adapters.discord"} <= set(folded)
    assert cycles(folded) == []


def test_the_scan_finds_a_cycle_hidden_behind_type_checking(tmp_path):
    package = tmp_path / "demo"
    (package / "inner").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from demo.inner import b\n")
    (package / "inner" / "__init__.py").write_text("")
    (package / "inner" / "b.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from demo import a\n")
    (package / "c.py").write_text("from .inner.d import x\n")
    (package / "inner" / "d.py").write_text("from ..e import y\n")
    (package / "e.py").write_text("import demo.c\n")
    found = modules(tmp_path, ["demo"])
    graph = import_graph(found)
    assert cycles(graph) == [["demo.a", "demo.inner.b"], ["demo.c", "demo.e", "demo.inner.d"]]
    assert cycles(packages_of(graph)) == [["demo.a", "demo.c", "demo.e", "demo.inner"]]
