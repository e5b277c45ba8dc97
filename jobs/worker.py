"""The arq worker (`motcua worker`, REDIS_URL set).

A Redis job only says "look at outbox row N"; the row is the truth. The worker claims the row with
the outbox's guarded update, runs the handler, and applies the job's own RetryPolicy by
rescheduling the row and queueing a deferred wake (arq itself would retry only on `Retry`). A cron
sweep re-drives rows that are due or whose lease expired, so work survives a Redis flush or a
worker that died mid-run. Periodic specs become arq cron jobs, run once per tick across workers."""

from __future__ import annotations

import asyncio
from typing import Any

from arq import cron, func
from arq.connections import RedisSettings
from arq.cron import CronJob
from piccolo.engine.base import Engine

from core.changes import BUS
from core.db import close_engine, engine_from_url, open_engine, use_engine
from core.settings import Settings
from jobs import outbox
from jobs.runtime import RUN_OUTBOX_EVENT, enqueue_wake, enqueue_wakes
from jobs.spec import JobSpec, PeriodicSpec

SWEEP_EVERY_SECONDS = 10
SWEEP_BATCH = 500


async def run_outbox_event(ctx: dict[str, Any], event_id: int | list[int]) -> str:
    """Run outbox row `event_id`, or each of a list (the rows one commit enqueued)."""
    if isinstance(event_id, list):
        outcomes = await asyncio.gather(*(run_outbox_event(ctx, one) for one in event_id))
        return ",".join(outcomes)
    specs: dict[str, JobSpec] = ctx["specs"]
    row = await outbox.claim(event_id, specs)
    if row is None:  # done already, another worker has it, or not due (the sweep will return)
        return "skipped"
    outcome = await outbox.run_claimed(row, specs)
    if outcome.status == "pending":
        await enqueue_wake(ctx["redis"], outbox.Wake(row["id"], row["attempts"], outcome.retry_in))
    return outcome.status


async def sweep_outbox(ctx: dict[str, Any]) -> int:
    """Wake every due or lease-expired row. Wakes already queued collapse by job id."""
    due = await outbox.due_rows(limit=SWEEP_BATCH)
    for signal in due:
        await enqueue_wake(ctx["redis"], signal)
    return len(due)


def cron_fields(every_seconds: float) -> dict[str, Any]:
    """arq cron is calendar-based: an interval must divide a minute, an hour or a day."""
    every = int(every_seconds)
    if every > 0 and every < 60 and 60 % every == 0:
        return {"second": set(range(0, 60, every))}
    if every % 60 == 0 and 0 < every < 3600 and 3600 % every == 0:
        return {"minute": set(range(0, 60, every // 60)), "second": 0}
    if every % 3600 == 0 and 0 < every <= 86400 and 86400 % every == 0:
        return {"hour": set(range(0, 24, every // 3600)), "minute": 0, "second": 0}
    raise ValueError(f"periodic interval {every_seconds}s must divide a minute, an hour or a day")


def periodic_cron(spec: PeriodicSpec) -> CronJob:
    async def run(ctx: dict[str, Any]) -> None:
        await spec.handler()

    return cron(run, name=f"periodic:{spec.name}", **cron_fields(spec.every_seconds))


def worker_settings(
    settings: Settings,
    specs: list[JobSpec] | None = None,
    periodic: list[PeriodicSpec] | None = None,
    engine: Engine | None = None,
) -> dict[str, Any]:
    """arq Worker keyword arguments. Defaults to every domain's registered specs; pass `engine` to
    share an already open one (it is then left open at shutdown)."""
    from core.domains import all_job_specs, all_periodic_specs

    if not settings.redis_url:
        raise ValueError("the arq worker needs REDIS_URL")
    specs = all_job_specs() if specs is None else specs
    periodic = all_periodic_specs() if periodic is None else periodic
    timeout = (max((spec.timeout_seconds for spec in specs), default=60.0)
               + outbox.LEASE_GRACE_SECONDS)

    async def on_startup(ctx: dict[str, Any]) -> None:
        if engine is None:
            ctx["engine"] = engine_from_url(settings.database_url)
            use_engine(ctx["engine"])
            await open_engine(ctx["engine"])

        async def wake(signals: list[outbox.Wake]) -> None:  # work enqueued by a handler
            await enqueue_wakes(ctx["redis"], signals)

        ctx["wake"] = wake
        outbox.on_enqueue(wake)
        from workdays.lifecycle import prepare_years_in_use

        prepare_years_in_use()  # before the first job that needs a deadline holds the loop
        # Jobs change dossiers too: the API processes' caches must hear of it.
        await BUS.start(settings.redis_url, subscribe=False)

    async def on_shutdown(ctx: dict[str, Any]) -> None:
        await BUS.stop()
        if "wake" in ctx:
            outbox.remove_hook(ctx["wake"])
        if "engine" in ctx:
            await close_engine(ctx.pop("engine"))

    return {
        "functions": [func(run_outbox_event, name=RUN_OUTBOX_EVENT, timeout=timeout,
                           keep_result=0)],
        "cron_jobs": [
            cron(
                sweep_outbox,
                name="outbox_sweep",
                second=set(range(0, 60, SWEEP_EVERY_SECONDS)),
                run_at_startup=True,  # a restarted worker picks up what its predecessor left
                timeout=60,
            ),
            *(periodic_cron(spec) for spec in periodic),
        ],
        "redis_settings": RedisSettings.from_dsn(settings.redis_url),
        "on_startup": on_startup,
        "on_shutdown": on_shutdown,
        "ctx": {"specs": {spec.name: spec for spec in specs}},
        "keep_result": 0,  # results live in the outbox row; a kept result would block re-wakes
    }


def run_worker(settings: Settings) -> None:
    import click
    from arq.worker import run_worker as arq_run_worker

    if not settings.redis_url:
        raise click.UsageError(
            "REDIS_URL is not set: in embedded mode `motcua serve` runs jobs in-process."
        )
    arq_run_worker(worker_settings(settings))
