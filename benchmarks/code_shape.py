"""The shape of the code, one level above functions: what a newcomer meets when looking for a room.

    python benchmarks/code_shape.py [--top 10] [ROOT]

Prints, for ``corroborate/`` and ``crawler/``: modules per package, function lengths (median,
90th percentile, the longest), the largest classes by method count, and the import circles
between modules (a circle means two rooms that cannot be understood apart). Reads the code as
text (``ast``); runs nothing of it. Results are kept in benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import ast
import statistics
from collections import defaultdict
from pathlib import Path

PACKAGES = ("corroborate", "crawler")


def modules(root: Path) -> dict[str, Path]:
    """Dotted module name -> file, for every module of our packages."""
    found = {}
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            parts = path.relative_to(root).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found[name] = path
    return found


def function_lengths(tree: ast.AST) -> list[tuple[int, str]]:
    """(lines, qualified name) of every function and method, docstring included."""
    lengths = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
                    lengths.append((_span(item), f"{node.name}.{item.name}"))
        elif isinstance(node, ast.Module):
            for item in node.body:
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
                    lengths.append((_span(item), item.name))
    return lengths


def _span(node: ast.AST) -> int:
    return (node.end_lineno or node.lineno) - node.lineno + 1  # type: ignore[attr-defined]


def class_sizes(tree: ast.Module) -> list[tuple[int, int, str]]:
    """(methods, lines, name) of every top-level class."""
    return [
        (
            sum(isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef) for item in node.body),
            _span(node),
            node.name,
        )
        for node in tree.body
        if isinstance(node, ast.ClassDef)
    ]


def internal_imports(tree: ast.Module, known: set[str]) -> set[str]:
    """Our modules this one imports (at any depth of the file, TYPE_CHECKING blocks included)."""
    targets = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            candidates = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Import):
            candidates = [alias.name for alias in node.names]
        else:
            continue
        targets.update(name for name in candidates if name in known)
    return targets


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan), package faces left out:
    a package's ``__init__`` re-exporting its parts is not a circle between rooms."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph[node]:
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
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "root", nargs="?", default=Path(__file__).resolve().parent.parent, type=Path
    )
    parser.add_argument("--top", type=int, default=10)
    args = parser.parse_args()
    found = modules(args.root)
    trees = {name: ast.parse(path.read_text(encoding="utf-8")) for name, path in found.items()}
    per_package: dict[str, list[int]] = defaultdict(list)
    for name, path in found.items():
        package = name.rsplit(".", 1)[0] if path.name != "__init__.py" else name
        per_package[package].append(len(path.read_text(encoding="utf-8").splitlines()))
    print("modules per package (median lines):")
    for package, sizes in sorted(per_package.items()):
        print(f"  {package}: {len(sizes)} ({statistics.median(sizes):.0f})")
    lengths = sorted(
        (
            (length, f"{module}.{function}")
            for module, tree in trees.items()
            for length, function in function_lengths(tree)
        ),
        reverse=True,
    )
    values = sorted(length for length, _ in lengths)
    print(
        f"functions: {len(values)}; median {statistics.median(values):.0f} lines, 90th "
        f"percentile {values[int(0.9 * (len(values) - 1))]}, longest:"
    )
    for length, name in lengths[: args.top]:
        print(f"  {length:4d}  {name}")
    classes = sorted(
        (
            (methods, lines, f"{module}.{name}")
            for module, tree in trees.items()
            for methods, lines, name in class_sizes(tree)
        ),
        reverse=True,
    )
    print("largest classes (methods, lines):")
    for methods, lines, name in classes[:5]:
        print(f"  {methods:3d} {lines:5d}  {name}")
    known = set(found)
    graph = {
        name: internal_imports(tree, known) - {name}
        for name, tree in trees.items()
        if found[name].name != "__init__.py"
    }
    graph = {
        name: {target for target in targets if target in graph} for name, targets in graph.items()
    }
    groups = circles(graph)
    print(f"import circles: {len(groups)}")
    for group in groups:
        print("  " + " <-> ".join(group))


if __name__ == "__main__":
    main()
