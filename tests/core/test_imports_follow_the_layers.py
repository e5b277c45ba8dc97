"""The imports keep the shape the README's architecture describes, read from the source with
`ast` (nothing is imported, no database):

    app, scripts  →  api  →  domains  →  jobs  →  core  →  models

- a package imports only the layers below it; domains import each other, without a cycle;
- models (the tables) import nothing of the project; its migrations only `core.db` (the engine
  the migration runner gives them), and nothing imports the migrations;
- a domain never imports `api` or `app`; payments and postal never import each other (they
  meet through dossier events);
- no cycle between modules, counting imports inside functions (they only hide one);
- an import of a project module inside a function says why on its line or the line above."""

from __future__ import annotations

import ast
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

TOP = ("app", "scripts")  # the assembly and the programs that drive it: above everything
DOMAINS = ("auth", "catalogue", "documents", "dossiers", "feedback", "national_sync",
           "notifications", "payments", "postal", "ratings", "stats", "workdays")
# Lowest first; a package may import its own layer only where the layer says so (domains).
LAYERS: tuple[tuple[str, ...], ...] = (("models",), ("core",), ("jobs",), DOMAINS, ("api",), TOP)
MIGRATIONS = "models.piccolo_migrations"
MIGRATIONS_MAY_IMPORT = ("core.db",)  # the engine the runner hands a raw-SQL migration

NEVER = {("payments", "postal"), ("postal", "payments")}
# Arrows the layering forbids that a branch under way removes; the list empties at its merge.
KNOWN_EXCEPTIONS: set[tuple[str, str]] = set()
# Package arrows that close a cycle a branch under way breaks; the test fails when one is gone,
# so the list only shrinks, and it empties at that branch's merge. (Domains that build on
# dossiers add to what it shows or does through its registries: dossiers/charges.py,
# detail_parts.py, result_issuer.py.)
UNBROKEN_CYCLES: set[tuple[str, str]] = set()


@dataclass(frozen=True)
class Import:
    importer: str
    imported: str
    line: int
    in_function: bool
    type_only: bool  # under `if TYPE_CHECKING:`
    reason: str  # the comment on the import's line or the line above

    @property
    def arrow(self) -> tuple[str, str]:
        return package(self.importer), package(self.imported)


def package(module: str) -> str:
    return module.split(".", 1)[0]


def layer_of(pkg: str) -> int:
    return next(rank for rank, members in enumerate(LAYERS) if pkg in members)


@cache
def modules() -> dict[str, Path]:
    found = {}
    for pkg in (p for members in LAYERS for p in members):
        for path in sorted((ROOT / pkg).rglob("*.py")):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


def _resolve(name: str) -> str | None:
    """The project module `name` is, or lies in (`import a.b.c` of module a.b: a.b)."""
    parts = name.split(".")
    while parts:
        if ".".join(parts) in modules():
            return ".".join(parts)
        parts.pop()
    return None


def _comment(lines: list[str], number: int) -> str:
    """The why of an import: its line's trailing comment or a comment line just above it (or
    above the run of imports it belongs to). Lint switches (`noqa`, `type: ignore`) say
    nothing."""
    found = []
    line = lines[number - 1]
    if "#" in line:
        found.append(line.split("#", 1)[1])
    above = number - 2
    while above >= 0 and lines[above].strip().startswith(("from ", "import ")):
        above -= 1
    if above >= 0 and lines[above].strip().startswith("#"):
        found.append(lines[above].strip()[1:])
    words = " ".join(found).split()
    said = [w for w in words if not w.startswith(("noqa", "E402", "type:", "ignore"))]
    return " ".join(said)


def _imports_of(module: str, path: Path) -> list[Import]:
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    tree = ast.parse(source)
    found: list[Import] = []

    def visit(node: ast.AST, in_function: bool, type_only: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
                visit(child, True, type_only)
            elif isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                visit(child, in_function, True)
            elif isinstance(child, ast.Import | ast.ImportFrom):
                for target in _targets(module, path, child):
                    if target != module:
                        found.append(Import(module, target, child.lineno, in_function, type_only,
                                            _comment(lines, child.lineno)))
            else:
                visit(child, in_function, type_only)

    visit(tree, False, False)
    return found


def _targets(module: str, path: Path, node: ast.Import | ast.ImportFrom) -> set[str]:
    if isinstance(node, ast.Import):
        return {t for t in (_resolve(alias.name) for alias in node.names) if t}
    base = node.module or ""
    if node.level:  # relative: counted from the importing module's package
        here = module.split(".")[: -node.level if path.name != "__init__.py" else None]
        if path.name == "__init__.py" and node.level > 1:
            here = here[: -(node.level - 1)]
        base = ".".join([*here, *([base] if base else [])])
    targets = set()
    for alias in node.names:
        # `from package import submodule` imports the submodule; a name imports its module.
        target = _resolve(f"{base}.{alias.name}") if f"{base}.{alias.name}" in modules() else None
        targets.add(target or _resolve(base))
    return {t for t in targets if t}


@cache
def imports() -> tuple[Import, ...]:
    return tuple(i for module, path in modules().items() for i in _imports_of(module, path))


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one node (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph.get(start, ()))))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, edges = work[-1]
            for nxt in edges:
                if nxt not in index:
                    index[nxt] = low[nxt] = len(index)
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, iter(sorted(graph.get(nxt, ())))))
                    break
                if nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
            else:
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


def _shown(found: list[Import]) -> str:
    return "\n".join(f"  {i.importer}:{i.line} imports {i.imported}" for i in found)


def _excepted(i: Import) -> bool:
    return (i.importer, i.imported) in KNOWN_EXCEPTIONS


def test_the_whole_project_is_read():
    assert len(modules()) > 300 and len(imports()) > 1000
    assert {package(m) for m in modules()} == {p for members in LAYERS for p in members}


def test_each_layer_imports_only_the_layers_below():
    wrong = []
    for i in imports():
        source, target = i.arrow
        if source == target or i.importer.startswith(MIGRATIONS):
            continue
        same_layer = layer_of(source) == layer_of(target)
        if layer_of(target) > layer_of(source) or (same_layer and source not in DOMAINS):
            wrong.append(i)
    assert not wrong, "an import against the layers:\n" + _shown(wrong)


def test_models_import_nothing_of_the_project():
    wrong = [i for i in imports()
             if package(i.importer) == "models" and package(i.imported) != "models"
             and not (i.importer.startswith(MIGRATIONS)
                      and i.imported.startswith(MIGRATIONS_MAY_IMPORT))]
    migrations_used = [i for i in imports() if i.imported.startswith(MIGRATIONS)
                       and not i.importer.startswith(MIGRATIONS)]
    assert not wrong + migrations_used, _shown(wrong + migrations_used)


def test_payments_and_postal_never_import_each_other():
    wrong = [i for i in imports() if i.arrow in NEVER and not _excepted(i)]
    assert not wrong, "payments and postal meet through dossier events:\n" + _shown(wrong)


def test_known_exceptions_still_exist():
    """An exception whose import is gone is taken off the list."""
    present = {(i.importer, i.imported) for i in imports()}
    assert KNOWN_EXCEPTIONS <= present, KNOWN_EXCEPTIONS - present
    arrows = {i.arrow for i in imports()}
    assert UNBROKEN_CYCLES <= arrows, UNBROKEN_CYCLES - arrows


def test_no_import_cycle_between_modules():
    graph: dict[str, set[str]] = defaultdict(set)
    for i in imports():
        if not i.type_only:
            graph[i.importer].add(i.imported)
    assert not _cycles(graph), _cycles(graph)


def test_no_import_cycle_between_packages():
    graph: dict[str, set[str]] = defaultdict(set)
    for i in imports():
        source, target = i.arrow
        if (source != target and not i.type_only and not i.importer.startswith(MIGRATIONS)
                and (source, target) not in UNBROKEN_CYCLES):
            graph[source].add(target)
    assert not _cycles(graph), _cycles(graph)


def test_imports_inside_functions_say_why():
    unexplained = [i for i in imports() if i.in_function and not i.reason]
    assert not unexplained, ("an import of a project module inside a function hides a "
                             "dependency; move it to the top, or say why on its line or the "
                             "line above:\n" + _shown(unexplained))
