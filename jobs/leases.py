"""Taking outbox rows to run, and recording what came of them.

A row is claimed with a guarded update (pending and due, or running with a lease that ran out →
running, a new lease, one more attempt), so two runners never run the same row at once. The lease
is short and the runner that holds it renews it every HEARTBEAT_SECONDS for as long as the row is
in its hands (`renew`, called by jobs.local): a worker killed with SIGKILL stops renewing, and its
rows are due again LEASE_SECONDS later instead of after the job's whole timeout. A live runner
that cannot renew (the database away, its loop blocked longer than a lease) may see its row taken
over; the attempt count in `_owned` then keeps its late outcome from overwriting the newer
attempt's. Delivery is at least once: handlers must be idempotent."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import logging
import traceback
from dataclasses import dataclass
from typing import Any, TypedDict, cast

from piccolo.columns import Column
from piccolo.columns.combination import Or

from core.clock import now
from jobs.outbox import Wake, running_job
from jobs.spec import GiveUp, JobSpec, RetryLater
from models.jobs import OutboxEvent

log = logging.getLogger("motcua.jobs")

LEASE_SECONDS = 10.0  # how long a claimed row stays its runner's without a renewal
HEARTBEAT_SECONDS = 2.5  # renewals come this often: three may be missed before a lease ends
_CLAIMED = (OutboxEvent.id, OutboxEvent.job, OutboxEvent.payload, OutboxEvent.attempts)


class Held(TypedDict):
    """An outbox row as its attempt: the id, and the attempt count that tells a runner's
    claim from a later one."""

    id: int
    attempts: int


class Claimed(Held):
    """A row as `claim_many` returns it (`_CLAIMED`): what running it needs."""

    job: str
    payload: str | dict[str, Any]  # JSONB: the text, or already decoded, as the driver gives it


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
        await OutboxEvent.select(OutboxEvent.id, OutboxEvent.attempts)
        .where(_due(t, t - dt.timedelta(seconds=waited)))
        .order_by(OutboxEvent.available_at)
        .limit(limit)
    )
    return [Wake(row["id"], row["attempts"]) for row in cast(list[Held], rows)]


async def due_ids(limit: int = 100) -> list[int]:
    return [signal.event_id for signal in await due_rows(limit)]


def _lease(t: dt.datetime) -> dict[Column | str, Any]:
    return {OutboxEvent.status: "running",
            OutboxEvent.locked_until: t + dt.timedelta(seconds=LEASE_SECONDS),
            OutboxEvent.attempts: OutboxEvent.attempts + 1}


async def claim(event_id: int) -> Claimed | None:
    """Take one due row for running. Exactly one concurrent caller gets it."""
    claimed = await claim_many([event_id])
    return claimed[0] if claimed else None


async def claim_many(event_ids: list[int]) -> list[Claimed]:
    """Take the due rows among `event_ids` in one guarded update (every job's lease is the
    same, renewed while it runs). Returns the rows this caller took, each exactly once across
    callers."""
    if not event_ids:
        return []
    t = now()
    claimed = await OutboxEvent.update(_lease(t)).where(
        OutboxEvent.id.is_in(list(event_ids)) & _due(t)).returning(*_CLAIMED)
    return cast(list[Claimed], claimed)


async def renew(held: dict[int, int]) -> None:
    """Extend the leases of rows this runner holds (`held`: id → the attempt it claimed), one
    statement per attempt number (most rows are on their first). A row another runner took
    over meanwhile has a higher attempt count and is left alone."""
    until = now() + dt.timedelta(seconds=LEASE_SECONDS)
    by_attempt: dict[int, list[int]] = {}
    for event_id, attempts in held.items():
        by_attempt.setdefault(attempts, []).append(event_id)
    for attempts, ids in by_attempt.items():
        await OutboxEvent.update({OutboxEvent.locked_until: until}).where(
            OutboxEvent.id.is_in(ids) & (OutboxEvent.attempts == attempts)
            & (OutboxEvent.status == "running"))


@dataclass(frozen=True)
class Outcome:
    status: str  # done | pending (retry scheduled) | dead | lost (another runner took over)
    retry_in: float = 0.0


async def run_claimed(row: Claimed, specs: dict[str, JobSpec],
                      done: DoneMarks | None = None) -> Outcome:
    """Run a claimed row's handler and record the outcome (a success through `done`, when
    given: it records many rows' in one statement)."""
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
    if done is not None:
        return await done.mark(row)
    return await _finish(row, "done", "")


def _owned(row: Held):
    """Still ours: running, and not re-claimed by a sweep since (that would bump `attempts`)."""
    return (
        (OutboxEvent.id == row["id"])
        & (OutboxEvent.status == "running")
        & (OutboxEvent.attempts == row["attempts"])
    )


async def _retry(row: Claimed, spec: JobSpec, seconds: float | None, error: str, *,
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


async def _finish(row: Claimed, status: str, error: str) -> Outcome:
    updated = await OutboxEvent.update(
        {
            OutboxEvent.status: status,
            OutboxEvent.finished_at: now(),
            OutboxEvent.locked_until: None,
            OutboxEvent.last_error: error[-2000:],
        }
    ).where(_owned(row)).returning(OutboxEvent.id)
    return Outcome(status if updated else "lost")


async def finish_done(rows: list[Claimed]) -> set[int]:
    """Mark these claimed rows done, one statement per attempt number; returns the ids that
    were still this runner's (`_owned`)."""
    by_attempt: dict[int, list[int]] = {}
    for row in rows:
        by_attempt.setdefault(row["attempts"], []).append(row["id"])
    t, mine = now(), set()
    for attempts, ids in by_attempt.items():
        updated = await OutboxEvent.update({
            OutboxEvent.status: "done", OutboxEvent.finished_at: t,
            OutboxEvent.locked_until: None, OutboxEvent.last_error: "",
        }).where(OutboxEvent.id.is_in(ids) & (OutboxEvent.status == "running")
                 & (OutboxEvent.attempts == attempts)).returning(OutboxEvent.id)
        mine.update(row["id"] for row in updated)
    return mine


class DoneMarks:
    """Successes recorded together: under a burst many rows finish at about the same moment,
    and one statement marks them all instead of one round trip each. The first success starts
    a flush on the next turn of the loop; those that come while it runs go in the next one, so
    a lone row waits for nothing."""

    def __init__(self) -> None:
        self._waiting: list[tuple[Claimed, asyncio.Future[Outcome]]] = []
        self._flusher: asyncio.Task[None] | None = None

    async def mark(self, row: Claimed) -> Outcome:
        future: asyncio.Future[Outcome] = asyncio.get_running_loop().create_future()
        self._waiting.append((row, future))
        if self._flusher is None or self._flusher.done():
            self._flusher = asyncio.create_task(self._flush(), name="outbox-done")
        return await future

    async def _flush(self) -> None:
        while self._waiting:
            batch, self._waiting = self._waiting, []
            try:
                mine = await finish_done([row for row, _ in batch])
            except Exception as exc:  # noqa: BLE001 - each waiter gets it, as `_finish` would
                for _, future in batch:
                    if not future.done():
                        future.set_exception(exc)
                continue
            for row, future in batch:
                if not future.done():
                    future.set_result(Outcome("done" if row["id"] in mine else "lost"))
