"""The arq worker (`motcua worker`, REDIS_URL set).

A Redis job only says "look at outbox row N"; the row is the truth. The worker claims the row with
the outbox's guarded update, runs the handler, and applies the job's own RetryPolicy by
rescheduling the row and queueing a deferred wake (arq itself would retry only on `Retry`). A cron
sweep re-drives rows that are due or whose lease expired, so work survives a Redis flush or a
worker that died mid-run. Periodic specs become arq cron jobs, run once per tick across workers.

Latency: arq is polled every `POLL_DELAY` seconds (its default, 0.5 s, was the largest wait
between a status change and the phone), a wake naming many rows claims them together, and rows
a handler enqueues (the pushes a status change's consumer queues) run here at once
(`jobs.local`) instead of going round through Redis.

Redis faults: arq's worker stops at the first Redis error, so a supervisor loop
starts a new one, with backoff, for as long as the process runs; meanwhile it runs the outbox
from the database every `DEGRADED_POLL_SECONDS`, so work goes on without Redis. The Redis
connection has connect and socket timeouts (core.redis_clients): a frozen server is an error
after a few seconds, not a hang. That loop, and `motcua worker` itself, are jobs.supervisor."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, TypedDict

from arq import cron, func
from arq.connections import RedisSettings
from arq.cron import CronJob
from arq.typing import StartupShutdown
from arq.worker import Function
from piccolo.engine.base import Engine

from core.changes import BUS
from core.db import close_engine, engine_from_url, open_engine, use_engine
from core.redis_clients import STATE
from core.settings import Settings
from jobs import leases, outbox
from jobs.local import LocalRunner
from jobs.runtime import RUN_OUTBOX_EVENT, enqueue_wake, enqueue_wakes
from jobs.spec import JobSpec, PeriodicSpec

log = logging.getLogger("motcua.jobs")

StartHook = Callable[[], Awaitable[None]]  # a domain's preparation before the first job

SWEEP_EVERY_SECONDS = 10
SWEEP_BATCH = 500
SWEEP_GRACE = 5.0  # seconds a due row is left to its own wake before a sweep takes it
POLL_DELAY = 0.05  # seconds between arq's looks at its queue (one cheap Redis command)
CONCURRENCY = 32  # rows run at once by one worker (per lane: jobs.local)
# arq jobs only wait on the runner's lanes, which bound the real work: many may wait at once,
# so that a wake of urgent rows is taken while earlier wakes' background rows wait their turn.
MAX_WAKES = 512
DEGRADED_POLL_SECONDS = 1.0
TIMEOUT_GRACE = 30.0  # arq's timeout of a job: the slowest handler's, plus this


def _runner(ctx: dict[str, Any]) -> LocalRunner:
    if "runner" not in ctx:
        ctx["runner"] = LocalRunner(ctx["specs"], CONCURRENCY)
    runner: LocalRunner = ctx["runner"]

    async def rescheduled(signal: outbox.Wake) -> None:  # a retry: a deferred wake
        try:
            await enqueue_wake(ctx["redis"], signal)
        except Exception as exc:  # noqa: BLE001 - the row is in the outbox; the sweep finds it
            log.info("deferred wake for outbox event %s not queued: %s", signal.event_id,
                     type(exc).__name__)

    runner.rescheduled = rescheduled
    return runner


async def run_outbox_event(ctx: dict[str, Any], event_id: int | list[int]) -> str:
    """Run outbox row `event_id`, or each of a list (the rows one commit enqueued), claimed
    together. Returns each row's outcome ("skipped": done already, another runner has it, or
    not due yet — the sweep comes back for it)."""
    ids = event_id if isinstance(event_id, list) else [event_id]
    outcomes = await _runner(ctx).run(ids)
    return ",".join(outcomes[one] for one in ids)


async def sweep_outbox(ctx: dict[str, Any]) -> int:
    """Run here every row due for `SWEEP_GRACE` seconds (its wake was lost) or whose lease
    expired (its worker died); at a worker's start, every due row. No trip through Redis: the
    rows are in the database and this worker is where they will run (other workers sweeping
    at the same moment lose the claim and skip them)."""
    waited = SWEEP_GRACE if ctx.get("swept") else 0.0
    ctx["swept"] = True
    due = await leases.due_rows(limit=SWEEP_BATCH, waited=waited)
    await _runner(ctx).run([signal.event_id for signal in due])
    return len(due)


class CronFields(TypedDict, total=False):
    """The fields of an arq cron schedule that an interval sets (the rest match any value)."""

    hour: set[int] | int
    minute: set[int] | int
    second: set[int] | int


def cron_fields(every_seconds: float) -> CronFields:
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


class WorkerSettings(TypedDict):
    """The keyword arguments of arq's Worker that `worker_settings` sets."""

    functions: list[Function]
    cron_jobs: list[CronJob]
    redis_settings: RedisSettings
    on_startup: StartupShutdown
    on_shutdown: StartupShutdown
    ctx: dict[str, Any]  # arq's job context: what every job and hook of this worker is given
    poll_delay: float
    max_jobs: int
    keep_result: int


def worker_settings(
    settings: Settings,
    specs: list[JobSpec],
    periodic: list[PeriodicSpec],
    engine: Engine | None = None,
    runner: LocalRunner | None = None,
    on_start: Sequence[StartHook] = (),
) -> WorkerSettings:
    """arq Worker keyword arguments for running `specs` and `periodic`. Pass `engine` to share
    an already open one (it is then left open at shutdown), `runner` to keep the rows being run
    across a restart of the arq worker (the supervisor does); `on_start` runs before the first
    job (e.g. the working-day calendar is built)."""
    if not settings.redis_url:
        raise ValueError("the arq worker needs REDIS_URL")
    timeout = (max((spec.timeout_seconds for spec in specs), default=60.0)
               + TIMEOUT_GRACE)

    async def on_startup(ctx: dict[str, Any]) -> None:
        if engine is None:
            ctx["engine"] = engine_from_url(settings.database_url)
            use_engine(ctx["engine"])
            await open_engine(ctx["engine"])

        runner = _runner(ctx)

        async def wake(signals: list[outbox.Wake]) -> None:  # work enqueued by a handler
            runner.submit_wakes(signals)
            later = [signal for signal in signals if signal.delay > 0]
            if later:
                await enqueue_wakes(ctx["redis"], later)

        ctx["wake"] = wake
        outbox.on_enqueue(wake)
        for hook in on_start:
            await hook()
        # Jobs change dossiers too: the API processes' caches must hear of it.
        await BUS.start(settings.redis_url, subscribe=False)
        ctx["bus_started"] = True
        STATE.ok("worker")  # Redis answered this worker's start: the next outage is news

    async def on_shutdown(ctx: dict[str, Any]) -> None:
        if ctx.get("stopped"):
            return
        ctx["stopped"] = True
        if "wake" in ctx:
            outbox.remove_hook(ctx.pop("wake"))
        if "runner" in ctx and not ctx.get("shared_runner"):
            await ctx["runner"].close()
        if ctx.pop("bus_started", False):  # not when Redis failed before the start-up ran
            await BUS.stop()
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
                timeout=timeout,  # it runs the rows it finds: as long as the slowest job may
            ),
            *(periodic_cron(spec) for spec in periodic),
        ],
        "redis_settings": RedisSettings.from_dsn(settings.redis_url),
        "on_startup": on_startup,
        "on_shutdown": on_shutdown,
        "ctx": {"specs": {spec.name: spec for spec in specs},
                **({"runner": runner, "shared_runner": True} if runner else {})},
        "poll_delay": POLL_DELAY,
        "max_jobs": MAX_WAKES,
        "keep_result": 0,  # results live in the outbox row; a kept result would block re-wakes
    }
