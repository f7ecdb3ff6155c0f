"""The layers only point down, and no module imports itself round a circle (issue 23).

model <- inputs <- runs <- calibration / explore / timeline <- outputs <- app <- the commands
(sim/cli.py, sim/__main__.py, sim/calibrate.py, ...) and the doc-page generators (sim/docgen), which
sit with the commands: no library layer may import them. Imports inside functions count too: a lazy
import is still an arrow. Read from the source with `ast`, so nothing is imported or run.
"""

from __future__ import annotations

import ast
from pathlib import Path

SIM = Path(__file__).resolve().parents[1] / "sim"
# each layer's packages, lowest first; a package may import its own layer and those below
LAYERS: tuple[frozenset[str], ...] = (
    frozenset({"errors", "extras"}),  # one-line errors; an optional extra named when missing
    frozenset({"model"}),
    frozenset({"inputs"}),
    frozenset({"runs"}),
    frozenset({"calibration", "explore", "timeline"}),
    frozenset({"outputs"}),  # writes and draws what the layers below compute
    frozenset({"app"}),
)
LIBRARY = frozenset().union(*LAYERS)
# packages at the top, with the command modules: they may import any layer, and none imports them
TOP = frozenset({"docgen"})


def _module(path: Path) -> str:
    parts = path.relative_to(SIM.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Every sim module `path` imports, at the top or inside a function."""
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names if a.name.startswith("sim.")}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module and node.module.startswith("sim"):
            for a in node.names:  # `from sim.model import decision` imports the module sim.model.decision
                sub = f"{node.module}.{a.name}"
                out.add(sub if (SIM.parent / (sub.replace(".", "/") + ".py")).exists() else node.module)
    return out


GRAPH: dict[str, set[str]] = {_module(p): _imports(p) for p in SIM.rglob("*.py")}


def _package(module: str) -> str:
    return module.split(".")[1] if module.count(".") >= 1 else module


def _layer(package: str) -> int | None:
    return next((i for i, layer in enumerate(LAYERS) if package in layer), None)


def test_every_library_import_points_to_its_own_layer_or_below():
    upward = []
    for module, targets in GRAPH.items():
        mine = _layer(_package(module))
        if mine is None:
            continue  # a command: it may import any library layer
        for target in targets:
            theirs = _layer(_package(target))
            if theirs is None or theirs > mine:  # a command module, or a higher layer
                upward.append(f"{module} -> {target}")
    assert not upward, upward


def test_no_module_imports_itself_round_a_circle():
    """Tarjan's strongly connected components over the module graph: every one a single module."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in GRAPH.get(v, ()):
            if w not in GRAPH or w == v:
                continue
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for v in sorted(GRAPH):
        if v not in index:
            visit(v)
    assert not circles, circles


def test_the_checks_see_the_imports():
    """The graph is read as intended (a check that finds no imports would pass on anything)."""
    assert "sim.model.types" in GRAPH["sim.model.model"]
    assert "sim.model.model" in GRAPH["sim.inputs.parameters"]
    assert {_package(m) for m in GRAPH} >= LIBRARY - {"errors"}


def test_the_top_packages_are_no_library_layer():
    """A generator that a library module imported would be an upward arrow the first test flags."""
    assert not TOP & LIBRARY
    assert {_package(m) for m in GRAPH} >= TOP
    assert all(_layer(_package(m)) is None for m in GRAPH if _package(m) in TOP)
