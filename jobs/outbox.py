"""Writing to and draining the outbox.

`enqueue` runs inside the `core.db.transaction()` of the state change it announces, so the event
exists exactly when the change does, and runners are woken only after that transaction commits.
Draining claims a row with a guarded update (pending → running with a lease), so two runners never
run the same row at once; a row whose lease ran out (its worker died mid-run) is due again and the
sweep re-drives it. Delivery is at least once: handlers must be idempotent."""

from __future__ import annotations

import asyncio
import contextvars
import datetime as dt
import json
import logging
import traceback
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from piccolo.columns.combination import Or
from piccolo.utils.encoding import dump_json

from core.clock import now
from core.db import after_commit, in_transaction, transaction_scratch
from core.db.compiled import Compiled, compiled_insert
from jobs.spec import GiveUp, JobSpec, RetryLater
from models.jobs import OutboxEvent

log = logging.getLogger("motcua.jobs")

LEASE_GRACE_SECONDS = 30.0  # a lease outlives the handler's timeout by this much
# The job whose handler is running in this task (rows it enqueues are the next step of work
# already under way: jobs.local runs them first).
running_job: contextvars.ContextVar[str | None] = contextvars.ContextVar("running_job",
                                                                        default=None)


@dataclass(frozen=True)
class Wake:
    """A hint that row `event_id` is (or will be in `delay` seconds) ready for its next attempt."""

    event_id: int
    attempts: int = 0
    delay: float = 0.0
    job: str = ""  # the row's job, when the waker knows it (saves the runner a read)

    @property
    def job_id(self) -> str:
        """arq job id: one wake per row and attempt, so repeated wakes collapse in Redis."""
        if self.attempts == 0:
            return f"outbox:{self.event_id}"
        return f"outbox:{self.event_id}:{self.attempts}"


WakeHook = Callable[[list[Wake]], Awaitable[None]]  # what one transaction enqueued
_wake_hooks: list[WakeHook] = []


class OutsideTransaction(RuntimeError):
    """`enqueue` was called without an enclosing `core.db.transaction()`."""


def on_enqueue(hook: WakeHook) -> None:
    """Runtimes register a callback told (after commit) that new work may be waiting: once per
    transaction, with every row it enqueued."""
    _wake_hooks.append(hook)


def remove_hook(hook: WakeHook) -> None:
    if hook in _wake_hooks:
        _wake_hooks.remove(hook)


async def wake(signals: list[Wake]) -> None:
    for hook in list(_wake_hooks):
        try:
            await hook(signals)
        except Exception:  # noqa: BLE001 - a lost wake only delays work until the sweep
            log.warning("waking job runners for outbox events %s failed",
                        [signal.event_id for signal in signals], exc_info=True)


@lru_cache(maxsize=16)  # one per number of rows: a topic's subscribers are few and fixed
def _insert(count: int) -> Compiled:
    return compiled_insert(OutboxEvent, returning=(OutboxEvent.id, OutboxEvent.dedup_key),
                           on_conflict=OutboxEvent.dedup_key, rows=count)


def new_row(job: Any, payload: Any, dedup_key: Any, *, created_at: Any,
            available_at: Any) -> dict[str, Any]:
    """An outbox row as enqueued (pending, never tried), its columns named once: `enqueue_all`
    binds these as values, `jobs.publish.publish_sql` writes them as SQL expressions."""
    return {"job": job, "payload": payload, "dedup_key": dedup_key, "status": "pending",
            "attempts": 0, "available_at": available_at, "locked_until": None,
            "created_at": created_at, "finished_at": None, "last_error": ""}


@dataclass(frozen=True)
class Job:
    """One row to add: `job` to run with `payload`; `dedup_key` makes a second add a no-op."""

    job: str
    payload: dict[str, Any]
    dedup_key: str | None = None
    delay_seconds: float = 0.0


async def enqueue(
    job: str,
    payload: dict[str, Any] | None = None,
    *,
    dedup_key: str | None = None,
    delay_seconds: float = 0.0,
) -> int | None:
    """Add work to the outbox. Returns the row id, or None if `dedup_key` was already used.

    Must run inside `core.db.transaction()`: outside one, the row would be written and announced
    whether or not the state change it belongs to is."""
    (event_id,) = await enqueue_all([Job(job, payload or {}, dedup_key, delay_seconds)])
    return event_id


async def enqueue_all(jobs: list[Job]) -> list[int | None]:
    """`enqueue` for several rows in one statement; ids in the order given (None: deduplicated).
    The runners are woken once, after the commit, for everything the transaction enqueued."""
    if not in_transaction():
        raise OutsideTransaction("jobs.outbox.enqueue must run inside core.db.transaction()")
    if not jobs:
        return []
    at = now()

    def values(i: int, job: Job) -> dict[str, Any]:  # named as compiled_insert(rows=n) wants
        row = new_row(job.job, dump_json(job.payload), job.dedup_key, created_at=at,
                      available_at=at + dt.timedelta(seconds=job.delay_seconds))
        return {f"{name}_{i}": value for name, value in row.items()}

    # Every state change writes these rows: compiled once (core/db/compiled.py). The unique
    # index on dedup_key decides, not a prior SELECT: two concurrent writers cannot both insert.
    # Rows with a key go in one statement and are told apart by it (RETURNING promises no
    # order); a row without one gets a statement of its own.
    found: list[int | None] = [None] * len(jobs)
    keyed = [(place, job) for place, job in enumerate(jobs) if job.dedup_key is not None]
    if keyed:
        named = {name: value for i, (_, job) in enumerate(keyed)
                 for name, value in values(i, job).items()}
        rows = await _insert(len(keyed)).rows(**named)
        by_key = {row["dedup_key"]: row["id"] for row in rows}
        for place, job in keyed:
            found[place] = by_key.get(job.dedup_key)
    for place, job in enumerate(jobs):
        if job.dedup_key is None:
            found[place] = (await _insert(1).rows(**values(0, job)))[0]["id"]
    pending = transaction_scratch().setdefault("outbox.wakes", [])
    if not pending:
        after_commit(lambda: wake(pending))
    pending.extend(Wake(event_id, 0, job.delay_seconds, job.job)
                   for event_id, job in zip(found, jobs, strict=True) if event_id is not None)
    return found


def _due(t: dt.datetime, pending_since: dt.datetime | None = None):
    return Or(
        (OutboxEvent.status == "pending") & (OutboxEvent.available_at <= (pending_since or t)),
        (OutboxEvent.status == "running") & (OutboxEvent.locked_until < t),
    )


async def due_rows(limit: int = 100, *, waited: float = 0.0) -> list[Wake]:
    """Pending rows whose time has come (`waited`: at least that many seconds ago — a sweep
    leaves fresh rows to their own wake), and running rows whose lease expired."""
    t = now()
    rows = (
        await OutboxEvent.select(OutboxEvent.id, OutboxEvent.attempts, OutboxEvent.job)
        .where(_due(t, t - dt.timedelta(seconds=waited)))
        .order_by(OutboxEvent.available_at)
        .limit(limit)
    )
    return [Wake(row["id"], row["attempts"], job=row["job"]) for row in rows]


async def due_ids(limit: int = 100) -> list[int]:
    return [signal.event_id for signal in await due_rows(limit)]


def lease_seconds(spec: JobSpec | None) -> float:
    return (spec.timeout_seconds if spec else 60.0) + LEASE_GRACE_SECONDS


async def claim(event_id: int, specs: dict[str, JobSpec]) -> dict[str, Any] | None:
    """Take one due row for running. Exactly one concurrent caller gets it."""
    job = await OutboxEvent.select(OutboxEvent.job).where(OutboxEvent.id == event_id).first()
    if job is None:
        return None
    t = now()
    claimed = (
        await OutboxEvent.update(
            {
                OutboxEvent.status: "running",
                OutboxEvent.locked_until: t + dt.timedelta(
                    seconds=lease_seconds(specs.get(job["job"]))),
                OutboxEvent.attempts: OutboxEvent.attempts + 1,
            }
        )
        .where((OutboxEvent.id == event_id) & _due(t))
        .returning(OutboxEvent.id, OutboxEvent.job, OutboxEvent.payload, OutboxEvent.attempts)
    )
    return claimed[0] if claimed else None


async def claim_many(event_ids: list[int], specs: dict[str, JobSpec],
                     known: dict[int, str] | None = None) -> list[dict[str, Any]]:
    """`claim` for several rows: one read of their jobs (unless `known` names every row's),
    then one guarded update per job (its lease differs). Returns the rows this caller took,
    each exactly once across callers."""
    if not event_ids:
        return []
    known = known or {}
    if all(event_id in known for event_id in event_ids):
        jobs = [{"id": event_id, "job": known[event_id]} for event_id in event_ids]
    else:
        jobs = await OutboxEvent.select(OutboxEvent.id, OutboxEvent.job).where(
            OutboxEvent.id.is_in(list(event_ids)))
    by_job: dict[str, list[int]] = {}
    for found in jobs:
        by_job.setdefault(found["job"], []).append(found["id"])
    t = now()
    claimed: list[dict[str, Any]] = []
    for job, ids in by_job.items():
        claimed += await (
            OutboxEvent.update({
                OutboxEvent.status: "running",
                OutboxEvent.locked_until: t + dt.timedelta(seconds=lease_seconds(specs.get(job))),
                OutboxEvent.attempts: OutboxEvent.attempts + 1,
            })
            .where(OutboxEvent.id.is_in(ids) & _due(t))
            .returning(OutboxEvent.id, OutboxEvent.job, OutboxEvent.payload, OutboxEvent.attempts)
        )
    return claimed


@dataclass(frozen=True)
class Outcome:
    status: str  # done | pending (retry scheduled) | dead | lost (another runner took over)
    retry_in: float = 0.0


async def run_claimed(row: dict[str, Any], specs: dict[str, JobSpec]) -> Outcome:
    """Run a claimed row's handler and record the outcome."""
    spec = specs.get(row["job"])
    payload = row["payload"]
    if isinstance(payload, str):
        payload = json.loads(payload)
    if spec is None:
        log.error("outbox event %s: no job registered under %r", row["id"], row["job"])
        return await _finish(row, "dead", f"no job registered under {row['job']!r}")
    token = running_job.set(row["job"])
    try:
        await asyncio.wait_for(spec.handler(payload), spec.timeout_seconds)
    except RetryLater as exc:  # the job asked to wait (busy, Retry-After): not a failure
        return await _retry(row, spec, exc.seconds, str(exc), failed=False)
    except GiveUp as exc:
        log.warning("outbox event %s (%s) given up: %s", row["id"], row["job"], exc)
        return await _finish(row, "dead", str(exc))
    except Exception as exc:  # noqa: BLE001 - every failure is retried per policy
        detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
        return await _retry(row, spec, None, detail)
    finally:
        running_job.reset(token)
    return await _finish(row, "done", "")


def _owned(row: dict[str, Any]):
    """Still ours: running, and not re-claimed by a sweep since (that would bump `attempts`)."""
    return (
        (OutboxEvent.id == row["id"])
        & (OutboxEvent.status == "running")
        & (OutboxEvent.attempts == row["attempts"])
    )


async def _retry(row: dict[str, Any], spec: JobSpec, seconds: float | None, error: str, *,
                 failed: bool = True) -> Outcome:
    attempts = row["attempts"]
    if attempts >= spec.retry.max_attempts:
        log.error("outbox event %s (%s) dead after %s attempts", row["id"], row["job"], attempts)
        return await _finish(row, "dead", error)
    delay = seconds if seconds is not None else spec.retry.delay(attempts)
    updated = await OutboxEvent.update(
        {
            OutboxEvent.status: "pending",
            OutboxEvent.available_at: now() + dt.timedelta(seconds=delay),
            OutboxEvent.locked_until: None,
            OutboxEvent.last_error: error[-2000:],
        }
    ).where(_owned(row)).returning(OutboxEvent.id)
    if not updated:
        return Outcome("lost")
    # The reason stays in the row (last_error), not in the log: a partner may say anything.
    if failed:
        log.warning("outbox event %s (%s) failed, retry in %.1fs", row["id"], row["job"], delay)
    else:
        log.info("outbox event %s (%s) deferred %.1fs, as its job asked", row["id"], row["job"],
                 delay)
    return Outcome("pending", delay)


async def _finish(row: dict[str, Any], status: str, error: str) -> Outcome:
    updated = await OutboxEvent.update(
        {
            OutboxEvent.status: status,
            OutboxEvent.finished_at: now(),
            OutboxEvent.locked_until: None,
            OutboxEvent.last_error: error[-2000:],
        }
    ).where(_owned(row)).returning(OutboxEvent.id)
    return Outcome(status if updated else "lost")
