"""Audit through one function: only core/audit.py builds an audit row (`entry`, written by
`record`), so who/when/request id are filled the same way everywhere; the dossier transition's
single statement inserts what `entry` shaped. Nothing else builds, updates or deletes one (the
trail is append-only)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
AUDIT = ROOT / "core" / "audit.py"
WRITES = {"insert", "update", "delete", "raw"}


def project_files() -> list[Path]:
    """The project's packages (top-level folders with an __init__.py), migrations and the demo
    scripts aside; not virtualenvs or caches that happen to sit in the checkout."""
    packages = [folder for folder in ROOT.iterdir()
                if (folder / "__init__.py").is_file() and folder.name != "scripts"]
    return [path for folder in packages for path in folder.rglob("*.py")
            if "piccolo_migrations" not in path.parts]


def audit_writes(path: Path, root: Path = ROOT) -> list[str]:
    """`AuditEvent(...)` built, or `AuditEvent.insert/update/delete/raw(...)` called."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        built = isinstance(func, ast.Name) and func.id == "AuditEvent"
        written = (isinstance(func, ast.Attribute) and func.attr in WRITES
                   and isinstance(func.value, ast.Name) and func.value.id == "AuditEvent")
        if built or written:
            found.append(f"{path.relative_to(root)}:{node.lineno}")
    return found


def test_only_core_audit_writes_audit_rows():
    assert [hit for path in project_files() if path != AUDIT for hit in audit_writes(path)] == []


def test_the_check_sees_a_write_of_its_own(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("async def f():\n    await AuditEvent.insert(AuditEvent(action='x'))\n")
    assert audit_writes(sample, tmp_path) == ["sample.py:2", "sample.py:2"]
