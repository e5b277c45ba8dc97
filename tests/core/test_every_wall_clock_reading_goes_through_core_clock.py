"""One clock: the code reads the wall clock only through `core.clock.now()` (or `today()`), so
a test that freezes it (tests/frozen_clock.py) moves every deadline, lease and timestamp at once,
and no module keeps a `now()` of its own that a frozen test would miss."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CLOCK = ROOT / "core" / "clock.py"
OWN_CLOCKS = {"now", "_now", "today", "_today", "today_local"}
READINGS = {("datetime", "now"), ("datetime", "utcnow"), ("datetime", "today"), ("date", "today")}


def project_files() -> list[Path]:
    """The project's packages (top-level folders with an __init__.py), migrations and the demo
    scripts aside; not virtualenvs or caches that happen to sit in the checkout."""
    packages = [folder for folder in ROOT.iterdir()
                if (folder / "__init__.py").is_file() and folder.name != "scripts"]
    return [path for folder in packages for path in folder.rglob("*.py")
            if "piccolo_migrations" not in path.parts and path != CLOCK]


def own_readings(path: Path, root: Path = ROOT) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        where = f"{path.relative_to(root)}:{getattr(node, 'lineno', 0)}"
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name in OWN_CLOCKS:
            found.append(f"{where} defines {node.name}()")
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = node.func.value
            name = owner.attr if isinstance(owner, ast.Attribute) else getattr(owner, "id", "")
            if (name, node.func.attr) in READINGS:
                found.append(f"{where} calls {name}.{node.func.attr}()")
            elif node.func.attr in OWN_CLOCKS and name != "clock":
                found.append(f"{where} calls {name}.{node.func.attr}(), not clock's")
    return found


def test_no_module_reads_the_wall_clock_by_itself():
    assert [hit for path in project_files() for hit in own_readings(path)] == []


def test_tests_move_time_only_through_freeze():
    patched = re.compile(r"setattr\([^)]*\b(now|_now|_reading)\b")
    tests = [path for path in (ROOT / "tests").rglob("*.py") if path.name != "frozen_clock.py"]
    assert [path.name for path in tests if patched.search(path.read_text(encoding="utf-8"))] == []


def test_the_check_sees_a_module_of_its_own_clock(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("import datetime as dt\n\ndef now():\n    return dt.datetime.now(dt.UTC)\n"
                      "\nstarted = service.now()\n")
    assert own_readings(sample, tmp_path) == ["sample.py:3 defines now()",
                                              "sample.py:6 calls service.now(), not clock's",
                                              "sample.py:4 calls datetime.now()"]
