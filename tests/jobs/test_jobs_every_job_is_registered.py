"""Structural: every job has one unique name, every periodic job fits a cron schedule, and every
job that code enqueues by name is registered by some domain (else its rows would go `dead`)."""

from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path

from app.domains import all_job_specs, all_periodic_specs
from jobs.worker import cron_fields
from models.jobs import OutboxEvent

ROOT = Path(__file__).resolve().parents[2]
SKIP = {".venv", "tests", ".git", "node_modules"}


def _enqueued_names() -> dict[str, str]:
    """Job names passed as a literal first argument to `enqueue(...)`, with where they occur."""
    found = {}
    for path in ROOT.rglob("*.py"):
        if SKIP & set(path.relative_to(ROOT).parts):
            continue
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            callee = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            first = node.args[0] if node.args else None
            # A computed name (jobs.publish) comes from the registered specs themselves.
            if (callee == "enqueue" and isinstance(first, ast.Constant)
                    and isinstance(first.value, str)):
                found[first.value] = f"{path.relative_to(ROOT)}:{node.lineno}"
    return found


def test_job_names_are_unique():
    names = [spec.name for spec in all_job_specs()] + [spec.name for spec in all_periodic_specs()]
    assert [name for name, count in Counter(names).items() if count > 1] == []
    limit = OutboxEvent.job.length
    assert [name for name in names if len(name) > limit] == []  # must fit outbox_event.job


def test_periodic_jobs_fit_a_cron_schedule():
    for spec in all_periodic_specs():
        assert cron_fields(spec.every_seconds)


def test_every_enqueued_job_is_registered():
    registered = {spec.name for spec in all_job_specs()}
    missing = {name: where for name, where in _enqueued_names().items() if name not in registered}
    assert missing == {}
