"""The import graph is the design: the pure core does no I/O, and no module imports itself back.

The pure core (builders, calls, what sends them and their responses, validation, codec,
retry, events, types, training, JSON decoding, get-bulk's options, and the cores of bulk and
watch) does no I/O: nothing reachable from it imports aiohttp, anyio, asyncio, yarl,
multidict or socket. And no module of the package reaches itself again through its imports,
counting those under `if TYPE_CHECKING:` and those inside functions.

Importing any submodule at runtime runs `scenario_async/__init__.py`, which imports the
client (and so aiohttp), so the main check is static: parse each module with `ast`, follow
its imports within the package (relative ones resolved, the parents' `__init__` of
subpackages included, the root package's excepted) and report the chain that leads to a
forbidden import. A second check imports the pure modules in a fresh interpreter with the
root package's `__init__` bypassed.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import scenario_async

PACKAGE = "scenario_async"
ROOT = Path(scenario_async.__file__).parent
PURE = [
    "scenario_async.ops",
    "scenario_async.calls",
    "scenario_async.sending",
    "scenario_async.pages",
    "scenario_async._http",
    "scenario_async.auth",
    "scenario_async.validation",
    "scenario_async.codec",
    "scenario_async.retry",
    "scenario_async.events",
    "scenario_async.types",
    "scenario_async.training",
    "scenario_async.bulk_core",
    "scenario_async.bulk_options",
    "scenario_async.json_decoding",
    "scenario_async.schedule",
    "scenario_async.watch_core",
]
FORBIDDEN = {"aiohttp", "anyio", "asyncio", "yarl", "multidict", "socket"}


def module_file(name: str) -> Path | None:
    parts = name.split(".")[1:]
    base = ROOT.joinpath(*parts)
    if (base / "__init__.py").exists():
        return base / "__init__.py"
    if base.with_suffix(".py").exists():
        return base.with_suffix(".py")
    return None


def is_package(name: str) -> bool:
    path = module_file(name)
    return path is not None and path.name == "__init__.py"


def _type_checking_only(node: ast.AST) -> bool:
    test = node.test if isinstance(node, ast.If) else None
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _import_nodes(
    tree: ast.AST, *, type_checking: bool = False
) -> list[ast.Import | ast.ImportFrom]:
    """Every import that can run: top level, in functions, and, only if `type_checking`,
    under `if TYPE_CHECKING:`."""
    found: list[ast.Import | ast.ImportFrom] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.Import | ast.ImportFrom):
            found.append(node)
        if isinstance(node, ast.If) and _type_checking_only(node) and not type_checking:
            for child in node.orelse:
                visit(child)
            return
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def imports_of(name: str, *, type_checking: bool = False) -> list[str]:
    """Absolute names of the modules `name` imports (submodules named by `from` included).

    `from . import ops` imports `scenario_async.ops`; the package it is taken from counts only
    when the statement also takes a name that is not a submodule.
    """
    path = module_file(name)
    assert path is not None, name
    package = name if is_package(name) else name.rpartition(".")[0]
    names: list[str] = []
    tree = ast.parse(path.read_text(), str(path))
    for node in _import_nodes(tree, type_checking=type_checking):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
            continue
        if node.level:
            anchor = package.split(".")
            anchor = anchor[: len(anchor) - (node.level - 1)]
            base = ".".join([*anchor, *([node.module] if node.module else [])])
        else:
            base = node.module or ""
        submodules = [
            f"{base}.{alias.name}"
            for alias in node.names
            if module_file(f"{base}.{alias.name}") is not None
        ]
        names += submodules if len(submodules) == len(node.names) else [base, *submodules]
    return names


def _with_parents(name: str) -> list[str]:
    """`name` and the packages that importing it runs, except the root package."""
    parts = name.split(".")
    return [".".join(parts[:i]) for i in range(2, len(parts) + 1)]


def offending_chains() -> list[str]:
    """Each path from a pure module to a forbidden import, as `a -> b -> aiohttp`."""
    chains: list[str] = []
    seen: set[str] = set()
    queue: list[tuple[str, tuple[str, ...]]] = [(name, (name,)) for name in PURE]
    while queue:
        name, chain = queue.pop(0)
        if name in seen:
            continue
        seen.add(name)
        for imported in imports_of(name):
            top = imported.split(".")[0]
            if top in FORBIDDEN:
                chains.append(" -> ".join([*chain, imported]))
            elif top == PACKAGE:
                for module in _with_parents(imported):
                    if module_file(module) is not None and module not in seen:
                        queue.append((module, (*chain, module)))
    return chains


def test_the_import_walk_sees_the_pure_modules() -> None:
    reached: set[str] = set()
    queue = list(PURE)
    while queue:
        name = queue.pop()
        if name in reached:
            continue
        reached.add(name)
        queue += [
            m
            for imported in imports_of(name)
            if imported.startswith(PACKAGE + ".")
            for m in _with_parents(imported)
            if module_file(m) is not None
        ]
    assert {"scenario_async.ops.models", "scenario_async.types.params"} <= reached
    assert "scenario_async.client" not in reached
    assert "scenario_async.transport" not in reached


def test_the_walk_would_report_the_sending_layers(monkeypatch: pytest.MonkeyPatch) -> None:
    """The checker itself works: from the sending layers, it finds aiohttp and anyio, and
    says how."""
    monkeypatch.setattr(sys.modules[__name__], "PURE", ["scenario_async.sending_layers"])
    chains = offending_chains()
    assert "scenario_async.sending_layers -> anyio" in chains
    assert "scenario_async.sending_layers -> scenario_async.transport -> aiohttp" in chains


def test_no_pure_module_reaches_an_io_library() -> None:
    chains = offending_chains()
    assert chains == [], "pure modules reach I/O libraries:\n" + "\n".join(chains)


RUNTIME_CHECK = """
import importlib, importlib.util, json, sys, types
spec = importlib.util.find_spec("scenario_async")
root = types.ModuleType("scenario_async")
root.__path__ = list(spec.submodule_search_locations)
sys.modules["scenario_async"] = root  # stand in for __init__, which imports the client
for name in sys.argv[1:]:
    importlib.import_module(name)
print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in
      {"aiohttp", "anyio", "asyncio", "yarl", "multidict"})))
"""


def test_pure_modules_import_no_io_library_at_runtime() -> None:
    # `socket` is left out here: the standard library's `email.utils` (used by retry to parse
    # Retry-After dates) imports it, without any I/O. The static check covers our own imports.
    result = subprocess.run(
        [sys.executable, "-c", RUNTIME_CHECK, *PURE],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]", result.stdout


def package_modules() -> list[str]:
    """Every module of the package, by its dotted name."""
    names = []
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT.parent).with_suffix("").parts
        names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


def import_graph() -> dict[str, set[str]]:
    """Each module to the package modules it imports, `TYPE_CHECKING` and lazy imports included."""
    modules = set(package_modules())
    return {
        name: {
            module
            for module in imports_of(name, type_checking=True)
            if module in modules and module != name
        }
        for name in modules
    }


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Each import cycle, as the path from a module back to itself (one per module in one)."""
    found: list[list[str]] = []
    for start in sorted(graph):
        stack: list[tuple[str, list[str]]] = [(start, [start])]
        seen: set[str] = set()
        while stack:
            name, path = stack.pop()
            for imported in sorted(graph[name]):
                if imported == start:
                    found.append([*path, start])
                elif imported not in seen:
                    seen.add(imported)
                    stack.append((imported, [*path, imported]))
    return found


def test_the_cycle_finder_finds_a_cycle_through_type_checking_imports() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c", "a"], ["b", "c", "a", "b"], ["c", "a", "b", "c"]]
    source = "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from . import client\n"
    assert len(_import_nodes(ast.parse(source), type_checking=True)) == 2
    assert len(_import_nodes(ast.parse(source))) == 1


def test_the_import_graph_sees_every_layer() -> None:
    graph = import_graph()
    assert "scenario_async.resources" in graph["scenario_async.client"]
    assert "scenario_async.resource_methods" in graph["scenario_async.resources"]
    assert "scenario_async.calls" in graph["scenario_async.resource_methods"]
    assert "scenario_async.ops" in graph["scenario_async.bulk_core"]
    assert "scenario_async" not in graph["scenario_async.resources"]


def test_no_module_imports_itself_back() -> None:
    found = cycles(import_graph())
    assert found == [], "import cycles:\n" + "\n".join(" -> ".join(cycle) for cycle in found)
