"""Structural: every function that changes a row some API process may keep in memory announces
the change (core/changes.py), or is listed here with the reason it need not. A new write that
forgets to announce would let other processes serve the old row until its time to live ends."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ["api", "auth", "catalogue", "core", "documents", "dossiers", "feedback", "jobs",
           "national_sync", "notifications", "payments", "postal", "ratings", "workdays"]
# Table classes whose rows are kept (by dossiers/views.py, auth/sessions.py, catalogue/memory.py)
# and the methods that change an existing row. A new result row changes its dossier's detail,
# as does a new payment attempt, receipt or delivery booking.
WATCHED = {
    "Dossier": {"update", "delete"},
    "DossierResult": {"insert", "update", "delete"},
    "AuthSession": {"update", "delete"},
    "Person": {"update", "delete"},
    "DossierPrefill": {"update", "delete"},  # shown in the dossier's detail
    **{name: {"insert", "update", "delete"} for name in (
        "Service", "Agency", "Field", "FeeLine", "FeeOverride", "RequiredDocument")},
    # The dossier's detail shows its current payment (and receipt) and delivery booking.
    **{name: {"insert", "update", "delete"} for name in (
        "PaymentAttempt", "PaymentReceipt", "DeliveryBooking")},
}
NOT_KEPT = {
    "auth/jobs.py:purge_stale_sign_in_data":
        "deletes sessions that ended 30+ days ago: a kept copy of one already refuses it",
    "auth/sessions.py:start_session":
        "records the sign-in time, which no kept session carries",
}


def writes_without_announcing() -> set[str]:
    found = set()
    for package in SOURCES:
        for path in (ROOT / package).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            ours = any(isinstance(node, ast.ImportFrom) and node.module == "core.changes"
                       and any(alias.name == "announce" and alias.asname is None
                               for alias in node.names) for node in ast.walk(tree))
            for function in ast.walk(tree):
                if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    continue
                # A write happens where a query is awaited (building one is not writing).
                awaited = [node for aw in ast.walk(function) if isinstance(aw, ast.Await)
                           for node in ast.walk(aw.value) if isinstance(node, ast.Call)]
                writes = any(_is_watched_write(call) for call in awaited)
                announces = ours and any(  # core.changes.announce, imported by that name
                    isinstance(call.func, ast.Name) and call.func.id == "announce"
                    for call in awaited)
                if writes and not announces:
                    found.add(f"{path.relative_to(ROOT).as_posix()}:{function.name}")
    return found


def _is_watched_write(call: ast.Call) -> bool:
    func = call.func
    if isinstance(func, ast.Name) and func.id == "_guarded_update":  # dossiers/transitions.py
        return True
    return (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name)
            and func.attr in WATCHED.get(func.value.id, ()))


def test_every_write_of_a_kept_row_is_announced():
    assert writes_without_announcing() <= set(NOT_KEPT)


def test_the_exemptions_are_still_needed():
    assert set(NOT_KEPT) <= writes_without_announcing()


# Modules whose SQL of their own changes a kept table: each function there that runs SQL
# (awaits `run_sql`) must announce, which the test below checks.
RAW_SQL_WRITERS = {
    "dossiers/transition_statement.py": "a transition as one PostgreSQL statement",
}


def test_no_raw_sql_changes_a_kept_table():
    tables = ("dossier", "dossier_result", "auth_session", "person", "service", "agency",
              "fee_line", "fee_override", "required_document", "payment_attempt",
              "payment_receipt", "delivery_booking")
    verbs = [verb for table in tables for verb in (
        f"update {table} ", f'update "{table}"', f"delete from {table} ",
        f'delete from "{table}"')]
    writers = set()
    for package in SOURCES:
        for path in (ROOT / package).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            found = [verb for text in _strings(tree) for verb in verbs if verb in text.lower()]
            name = path.relative_to(ROOT).as_posix()
            if found and name in RAW_SQL_WRITERS:
                writers.add(name)
                assert _every_sql_run_announces(tree), f"{name}: runs SQL without announcing"
                continue
            assert not found, f"{path}: raw SQL {found}"
    assert writers == set(RAW_SQL_WRITERS)


def _every_sql_run_announces(tree: ast.AST) -> bool:
    runs = 0
    for function in ast.walk(tree):
        if not isinstance(function, ast.AsyncFunctionDef):
            continue
        called = {call.func.attr if isinstance(call.func, ast.Attribute) else
                  getattr(call.func, "id", None)
                  for aw in ast.walk(function) if isinstance(aw, ast.Await)
                  for call in ast.walk(aw.value) if isinstance(call, ast.Call)}
        if "run_sql" in called:
            runs += 1
            if "announce" not in called:
                return False
    return runs > 0


def _strings(tree: ast.AST) -> list[str]:
    """String constants, docstrings left out."""
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef,
                                       ast.AsyncFunctionDef))
                  and node.body and isinstance(node.body[0], ast.Expr)
                  and isinstance(node.body[0].value, ast.Constant)}
    return [node.value for node in ast.walk(tree) if isinstance(node, ast.Constant)
            and isinstance(node.value, str) and id(node) not in docstrings]
