"""Writing to and draining the outbox.

`enqueue` is called inside the transaction of the state change it announces, so the event exists
exactly when the change does. Draining claims a row with a guarded update (pending → running with
a lease), so two workers never run the same row at once; a row whose lease ran out (a worker died
mid-run) is claimed again by the sweep."""

from __future__ import annotations

import datetime as dt
import logging
import traceback
from typing import Any

from piccolo.columns.combination import Or

from jobs.spec import GiveUp, JobSpec, RetryLater
from models.jobs import OutboxEvent

log = logging.getLogger("motcua.jobs")

_wake_hooks: list = []


def now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def on_enqueue(hook) -> None:
    """Runtimes register a callback to be told that new work may be waiting."""
    _wake_hooks.append(hook)


async def enqueue(
    job: str,
    payload: dict[str, Any] | None = None,
    *,
    dedup_key: str | None = None,
    delay_seconds: float = 0.0,
) -> int | None:
    """Add work to the outbox. Returns the row id, or None if `dedup_key` was already used."""
    if dedup_key is not None:
        existing = await OutboxEvent.select(OutboxEvent.id).where(
            OutboxEvent.dedup_key == dedup_key
        ).first()
        if existing:
            return None
    rows = await OutboxEvent.insert(
        OutboxEvent(
            job=job,
            payload=payload or {},
            dedup_key=dedup_key,
            available_at=now() + dt.timedelta(seconds=delay_seconds),
        )
    ).returning(OutboxEvent.id)
    event_id = rows[0]["id"]
    for hook in _wake_hooks:
        hook(event_id)
    return event_id


async def due_ids(limit: int = 50) -> list[int]:
    """Pending rows whose time has come, and running rows whose lease expired."""
    t = now()
    rows = (
        await OutboxEvent.select(OutboxEvent.id)
        .where(
            Or(
                (OutboxEvent.status == "pending") & (OutboxEvent.available_at <= t),
                (OutboxEvent.status == "running") & (OutboxEvent.locked_until < t),
            )
        )
        .order_by(OutboxEvent.available_at)
        .limit(limit)
    )
    return [row["id"] for row in rows]


async def claim(event_id: int, lease_seconds: float) -> dict[str, Any] | None:
    """Take one row for running. Exactly one concurrent caller gets it."""
    t = now()
    claimed = (
        await OutboxEvent.update(
            {
                OutboxEvent.status: "running",
                OutboxEvent.locked_until: t + dt.timedelta(seconds=lease_seconds),
                OutboxEvent.attempts: OutboxEvent.attempts + 1,
            }
        )
        .where(
            (OutboxEvent.id == event_id)
            & Or(
                (OutboxEvent.status == "pending") & (OutboxEvent.available_at <= t),
                (OutboxEvent.status == "running") & (OutboxEvent.locked_until < t),
            )
        )
        .returning(OutboxEvent.id, OutboxEvent.job, OutboxEvent.payload, OutboxEvent.attempts)
    )
    return claimed[0] if claimed else None


async def run_claimed(row: dict[str, Any], specs: dict[str, JobSpec]) -> str:
    """Run a claimed row's handler and record the outcome. Returns the new status."""
    import asyncio
    import json

    spec = specs.get(row["job"])
    payload = row["payload"]
    if isinstance(payload, str):
        payload = json.loads(payload)
    if spec is None:
        await _finish(row["id"], "dead", f"no job registered under {row['job']!r}")
        log.error("outbox event %s: no job %r", row["id"], row["job"])
        return "dead"
    try:
        await asyncio.wait_for(spec.handler(payload), spec.timeout_seconds)
    except RetryLater as exc:
        return await _retry(row, spec, exc.seconds, str(exc))
    except GiveUp as exc:
        await _finish(row["id"], "dead", str(exc))
        log.warning("outbox event %s (%s) given up: %s", row["id"], row["job"], exc)
        return "dead"
    except Exception as exc:  # noqa: BLE001 - every failure is retried per policy
        detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
        return await _retry(row, spec, None, detail)
    await _finish(row["id"], "done", "")
    return "done"


async def _retry(row: dict[str, Any], spec: JobSpec, seconds: float | None, error: str) -> str:
    attempts = row["attempts"]
    if attempts >= spec.retry.max_attempts:
        await _finish(row["id"], "dead", error[-2000:])
        log.error("outbox event %s (%s) dead after %s attempts", row["id"], row["job"], attempts)
        return "dead"
    delay = seconds if seconds is not None else spec.retry.delay(attempts)
    await OutboxEvent.update(
        {
            OutboxEvent.status: "pending",
            OutboxEvent.available_at: now() + dt.timedelta(seconds=delay),
            OutboxEvent.locked_until: None,
            OutboxEvent.last_error: error[-2000:],
        }
    ).where((OutboxEvent.id == row["id"]) & (OutboxEvent.status == "running"))
    log.warning("outbox event %s (%s) failed, retry in %.1fs", row["id"], row["job"], delay)
    return "pending"


async def _finish(event_id: int, status: str, error: str) -> None:
    await OutboxEvent.update(
        {
            OutboxEvent.status: status,
            OutboxEvent.finished_at: now(),
            OutboxEvent.locked_until: None,
            OutboxEvent.last_error: error,
        }
    ).where((OutboxEvent.id == event_id) & (OutboxEvent.status == "running"))
