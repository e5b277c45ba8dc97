"""Writing to and draining the outbox.

`enqueue` runs inside the `core.db.transaction()` of the state change it announces, so the event
exists exactly when the change does, and runners are woken only after that transaction commits.
Taking rows to run, under a lease, is jobs.leases."""

from __future__ import annotations

import contextvars
import datetime as dt
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Generic, TypedDict, TypeVar, cast

from piccolo.utils.encoding import dump_json

from core.clock import now
from core.db import after_commit, in_transaction, transaction_scratch
from core.db.compiled import Compiled, compiled_insert
from models.jobs import OutboxEvent

log = logging.getLogger("motcua.jobs")

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


Value = TypeVar("Value")  # a value to bind (enqueue_all), or an SQL expression (publish_sql)
Time = TypeVar("Time")


class NewRow(TypedDict, Generic[Value, Time]):
    """The columns of an outbox row as enqueued: pending, never tried."""

    job: Value
    payload: Value  # the JSON text of the job's payload
    dedup_key: Value | None
    status: str
    attempts: int
    available_at: Time
    locked_until: None
    created_at: Time
    finished_at: None
    last_error: str


class Enqueued(TypedDict):
    """What inserting outbox rows returns of each."""

    id: int
    dedup_key: str | None


def new_row(job: Value, payload: Value, dedup_key: Value | None, *, created_at: Time,
            available_at: Time) -> NewRow[Value, Time]:
    """An outbox row as enqueued (pending, never tried), its columns named once: `enqueue_all`
    binds these as values, `jobs.publish.publish_sql` writes them as SQL expressions."""
    return {"job": job, "payload": payload, "dedup_key": dedup_key, "status": "pending",
            "attempts": 0, "available_at": available_at, "locked_until": None,
            "created_at": created_at, "finished_at": None, "last_error": ""}


def _returned(rows: list[dict[str, Any]]) -> list[Enqueued]:
    """`rows`, returned by `_insert`, typed as such."""
    return cast(list[Enqueued], rows)


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

    def values(i: int, job: Job) -> dict[str, object]:  # named as compiled_insert(rows=n) wants
        row: NewRow[str, dt.datetime] = new_row(
            job.job, dump_json(job.payload), job.dedup_key, created_at=at,
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
        rows = _returned(await _insert(len(keyed)).rows(**named))
        by_key = {row["dedup_key"]: row["id"] for row in rows}
        for place, job in keyed:
            found[place] = by_key.get(job.dedup_key)
    for place, job in enumerate(jobs):
        if job.dedup_key is None:
            found[place] = _returned(await _insert(1).rows(**values(0, job)))[0]["id"]
    pending = transaction_scratch().setdefault("outbox.wakes", [])
    if not pending:
        after_commit(lambda: wake(pending))
    pending.extend(Wake(event_id, 0, job.delay_seconds)
                   for event_id, job in zip(found, jobs, strict=True) if event_id is not None)
    return found
