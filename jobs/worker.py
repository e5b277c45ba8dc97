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

Redis faults (`run_worker`): arq's worker stops at the first Redis error, so a supervisor loop
starts a new one, with backoff, for as long as the process runs; meanwhile it runs the outbox
from the database every `DEGRADED_POLL_SECONDS`, so work goes on without Redis. The Redis
connection has connect and socket timeouts (core.redis_clients): a frozen server is an error
after a few seconds, not a hang."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from signal import SIGINT, SIGTERM
from typing import Any

from arq import cron, func
from arq.connections import RedisSettings
from arq.cron import CronJob
from arq.worker import Worker
from piccolo.engine.base import Engine

from core.changes import BUS
from core.db import close_engine, engine_from_url, open_engine, use_engine
from core.redis_clients import STATE, client, errors
from core.settings import Settings
from jobs import outbox
from jobs.local import LocalRunner
from jobs.publish import use_subscribers
from jobs.runtime import RUN_OUTBOX_EVENT, enqueue_wake, enqueue_wakes
from jobs.spec import JobSpec, PeriodicSpec

log = logging.getLogger("motcua.jobs")

StartHook = Callable[[], Awaitable[None]]  # a domain's preparation before the first job

SWEEP_EVERY_SECONDS = 10
SWEEP_BATCH = 500
SWEEP_GRACE = 5.0  # seconds a due row is left to its own wake before a sweep takes it
POLL_DELAY = 0.05  # seconds between arq's looks at its queue (one cheap Redis command)
CONCURRENCY = 32  # rows run at once by one worker
DEGRADED_POLL_SECONDS = 1.0


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
    due = await outbox.due_rows(limit=SWEEP_BATCH, waited=waited)
    await _runner(ctx).run([signal.event_id for signal in due],
                           {signal.event_id: signal.job for signal in due})
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
    specs: list[JobSpec],
    periodic: list[PeriodicSpec],
    engine: Engine | None = None,
    runner: LocalRunner | None = None,
    on_start: Sequence[StartHook] = (),
) -> dict[str, Any]:
    """arq Worker keyword arguments for running `specs` and `periodic`. Pass `engine` to share
    an already open one (it is then left open at shutdown), `runner` to keep the rows being run
    across a restart of the arq worker (the supervisor does); `on_start` runs before the first
    job (e.g. the working-day calendar is built)."""
    if not settings.redis_url:
        raise ValueError("the arq worker needs REDIS_URL")
    timeout = (max((spec.timeout_seconds for spec in specs), default=60.0)
               + outbox.LEASE_GRACE_SECONDS)

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
        "max_jobs": CONCURRENCY,
        "keep_result": 0,  # results live in the outbox row; a kept result would block re-wakes
    }


def _pool(settings: Settings) -> Any:
    from arq.connections import ArqRedis

    assert settings.redis_url is not None  # the arq worker runs only with Redis configured
    return client(settings.redis_url, cls=ArqRedis)


async def supervise(settings: Settings, stop: asyncio.Event, *, specs: list[JobSpec],
                    periodic: list[PeriodicSpec], engine: Engine | None = None,
                    on_start: Sequence[StartHook] = ()) -> None:
    """Run arq workers until `stop` is set, one after another: when Redis fails, the current
    one is closed and, after a backoff (0.5 s doubling to 10 s), a new one starts. Meanwhile
    the outbox is run straight from the database. The database engine and the rows being run
    live across restarts (`engine`: an open one to use, left open)."""
    own_engine = engine is None
    if engine is None:
        engine = engine_from_url(settings.database_url)
        use_engine(engine)
        await open_engine(engine)
    runner = LocalRunner({spec.name: spec for spec in specs}, CONCURRENCY)
    backoff = 0.5
    try:
        while not stop.is_set():
            worker = Worker(**worker_settings(settings, specs, periodic, engine=engine,
                                              runner=runner, on_start=on_start),
                            redis_pool=_pool(settings), handle_signals=False)
            started = asyncio.get_running_loop().time()
            main = asyncio.create_task(worker.main(), name="arq-worker")
            stopping = asyncio.create_task(stop.wait())
            await asyncio.wait([main, stopping], return_when=asyncio.FIRST_COMPLETED)
            stopping.cancel()
            failure = None if not main.done() or main.cancelled() else main.exception()
            try:  # bounded: a frozen Redis must not keep the supervisor from going on
                await asyncio.wait_for(_close(worker, main), 30)
            except TimeoutError:
                log.warning("closing the arq worker took too long; starting another anyway")
            if stop.is_set():
                break
            if failure is not None and not isinstance(failure, errors()):
                log.error("the arq worker stopped: %r; starting another", failure)
            elif STATE.failed("worker"):
                log.warning("Redis lost (%s); the worker restarts with backoff and runs the "
                            "outbox from the database meanwhile", type(failure).__name__)
            if asyncio.get_running_loop().time() - started > 60:
                backoff = 0.5  # it had been working: a new outage starts from a short wait
            await _degraded(runner, stop, backoff)
            backoff = min(backoff * 2, 10.0)
    finally:
        await runner.close()
        if own_engine:
            await close_engine(engine)


async def _close(worker: Worker, main: asyncio.Task) -> None:
    if not main.done():
        main.cancel()
    await asyncio.gather(main, return_exceptions=True)
    try:
        await asyncio.wait_for(worker.close(), 10)
    except (Exception, asyncio.CancelledError):  # noqa: BLE001 - Redis is away, or arq's
        # close gathered its own cancelled jobs: close what is ours without it (unless this
        # supervisor itself is being cancelled).
        supervisor = asyncio.current_task()
        assert supervisor is not None  # a coroutine awaited in a task
        if supervisor.cancelling():
            raise
        if worker.on_shutdown is not None:
            try:
                await asyncio.wait_for(worker.on_shutdown(worker.ctx), 10)
            except Exception:  # noqa: BLE001 - the next worker starts anyway
                log.warning("closing the arq worker's hooks failed", exc_info=True)
        pool = worker._pool
        if pool is not None:
            # A connection to a frozen server may never finish closing: give up on it.
            await asyncio.gather(asyncio.wait_for(pool.aclose(close_connection_pool=True), 2),
                                 return_exceptions=True)


async def _degraded(runner: LocalRunner, stop: asyncio.Event, seconds: float) -> None:
    """Run due outbox rows from the database for `seconds` (or until stopped)."""
    deadline = asyncio.get_running_loop().time() + seconds
    while not stop.is_set():
        try:
            runner.submit(await outbox.due_ids(limit=SWEEP_BATCH))
        except Exception:  # noqa: BLE001 - the database may be away too; try again
            log.warning("running the outbox without Redis failed", exc_info=True)
        left = deadline - asyncio.get_running_loop().time()
        if left <= 0:
            return
        try:
            await asyncio.wait_for(stop.wait(), min(left, DEGRADED_POLL_SECONDS))
        except TimeoutError:
            pass


def run_worker(settings: Settings, specs: list[JobSpec], periodic: list[PeriodicSpec],
               on_start: Sequence[StartHook] = ()) -> None:
    """`motcua worker`: run `specs` and `periodic` until SIGINT/SIGTERM; what the jobs publish
    goes to `specs`."""
    import click

    if not settings.redis_url:
        raise click.UsageError(
            "REDIS_URL is not set: in embedded mode `motcua serve` runs jobs in-process."
        )
    use_subscribers(specs)

    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (SIGINT, SIGTERM):
            loop.add_signal_handler(signum, stop.set)
        await supervise(settings, stop, specs=specs, periodic=periodic, on_start=on_start)

    import uvloop

    # As the API processes run on it (granian): its socket writes cost a fraction of asyncio's,
    # and a worker's time goes mostly to round trips to PostgreSQL and Redis.
    uvloop.run(main())
