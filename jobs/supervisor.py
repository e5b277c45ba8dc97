"""`motcua worker`: arq workers, one after another, for as long as the process runs.

arq's worker stops at the first Redis error; this loop closes it (bounded: a frozen Redis must not
hold it) and starts a new one with backoff, and meanwhile runs the outbox straight from the
database every `DEGRADED_POLL_SECONDS`, so work goes on without Redis. The database engine and
the runner (with the rows it holds and renews) live across restarts."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from signal import SIGINT, SIGTERM

import click
import uvloop
from arq.connections import ArqRedis
from arq.worker import Worker
from piccolo.engine.base import Engine

from core.db import close_engine, engine_from_url, open_engine, use_engine
from core.redis_clients import STATE, client, errors
from core.settings import Settings
from jobs import leases
from jobs.local import LocalRunner
from jobs.publish import use_subscribers
from jobs.spec import JobSpec, PeriodicSpec
from jobs.worker import (
    CONCURRENCY,
    DEGRADED_POLL_SECONDS,
    SWEEP_BATCH,
    StartHook,
    worker_settings,
)

log = logging.getLogger("motcua.jobs")


def _pool(settings: Settings) -> ArqRedis:
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
            runner.submit(await leases.due_ids(limit=SWEEP_BATCH))
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

    # As the API processes run on it (granian): its socket writes cost a fraction of asyncio's,
    # and a worker's time goes mostly to round trips to PostgreSQL and Redis.
    uvloop.run(main())
