"""Running outbox work: in-process (embedded mode) or through arq workers (REDIS_URL set).

Either way the outbox table is the source of truth. The in-process runner drains it on the API's
own event loop; with arq the API only wakes workers through Redis (see jobs.worker), and a
periodic sweep there re-drives anything a lost wake left behind."""

from __future__ import annotations

import asyncio
import logging
from typing import Protocol

from core.redis_clients import STATE, client
from core.settings import Settings
from jobs import leases, outbox
from jobs.local import CLAIM_BATCH, LocalRunner
from jobs.publish import use_subscribers
from jobs.spec import JobSpec, PeriodicSpec

log = logging.getLogger("motcua.jobs")

POLL_SECONDS = 1.0  # also the in-process sweep: due, retried and lease-expired rows are found
CONCURRENCY = 16  # rows run at once; most of their time is spent waiting on I/O
RUN_OUTBOX_EVENT = "run_outbox_event"  # the arq function name (jobs.worker)


class JobRuntime(Protocol):
    async def ready(self) -> bool: ...
    async def close(self) -> None: ...


class InProcessRuntime:
    """Drains the outbox on this process's event loop. Rows committed here are run at once
    (`jobs.local`); once a second it looks for what is due (retries, rows committed by another
    process, leases that ran out)."""

    def __init__(self, specs: list[JobSpec], periodic: list[PeriodicSpec]) -> None:
        self.specs = {spec.name: spec for spec in specs}
        self.periodic = periodic
        self.runner = LocalRunner(self.specs, CONCURRENCY)
        self._tasks: list[asyncio.Task] = []
        self._stopping = False

    def start(self) -> None:
        outbox.on_enqueue(self._on_enqueue)
        self._tasks.append(asyncio.create_task(self._drain_loop(), name="outbox-drain"))
        for spec in self.periodic:
            self._tasks.append(asyncio.create_task(self._periodic(spec), name=spec.name))

    async def _on_enqueue(self, signals: list[outbox.Wake]) -> None:
        self.runner.submit_wakes(signals)

    async def drain_once(self) -> int:
        """Run what is due now. Returns how many rows this runner ran."""
        outcomes = await self.runner.run(await leases.due_ids(limit=CLAIM_BATCH))
        return sum(outcome != "skipped" for outcome in outcomes.values())

    async def _drain_loop(self) -> None:
        while not self._stopping:
            try:
                self.runner.submit(await leases.due_ids(limit=CLAIM_BATCH))
            except Exception:  # noqa: BLE001 - keep draining after a database hiccup
                log.exception("outbox drain failed")
            await asyncio.sleep(POLL_SECONDS)

    async def _periodic(self, spec: PeriodicSpec) -> None:
        while not self._stopping:
            await asyncio.sleep(spec.every_seconds)
            try:
                await spec.handler()
            except Exception:  # noqa: BLE001
                log.exception("periodic job %s failed", spec.name)

    async def ready(self) -> bool:
        return bool(self._tasks) and not any(task.done() for task in self._tasks)

    async def close(self) -> None:
        self._stopping = True
        outbox.remove_hook(self._on_enqueue)
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        await self.runner.close()


class ArqRuntime:
    """The API side of arq: after a commit, put a wake for its rows on the queue.

    Requests do not wait for Redis: a commit hands its rows to this process's waker task, which
    sends whatever has gathered as one arq job (one enqueue costs three Redis round trips, so
    under load many commits share one). A wake lost on the way (Redis down, the process killed
    first) loses nothing: the worker's sweep finds the rows in the outbox. Retries and the sweep
    wake single rows with job ids `outbox:<id>[:<attempt>]`, so repeated wakes collapse."""

    WAKE_TIMEOUT = 2.0

    def __init__(self, redis_url: str) -> None:
        self.redis_url = redis_url
        self.pool = None
        self._pending: list[outbox.Wake] = []
        self._ready = asyncio.Event()
        self._idle = asyncio.Event()  # nothing handed over is waiting to be sent
        self._idle.set()
        self._waker: asyncio.Task | None = None

    async def start(self) -> None:
        from arq.connections import ArqRedis

        # Connected on first use: an API process starts, and serves, while Redis is away.
        self.pool = client(self.redis_url, cls=ArqRedis)
        self._waker = asyncio.create_task(self._send_wakes(), name="arq-waker")
        outbox.on_enqueue(self._on_enqueue)

    async def _on_enqueue(self, signals: list[outbox.Wake]) -> None:
        self._pending.extend(signals)
        self._idle.clear()
        self._ready.set()

    async def _send_wakes(self) -> None:
        while True:
            await self._ready.wait()
            self._ready.clear()
            signals, self._pending = self._pending, []
            try:
                await asyncio.wait_for(enqueue_wakes(self.pool, signals), self.WAKE_TIMEOUT)
                STATE.ok("wakes")
            except Exception as exc:  # noqa: BLE001 - the sweep re-drives these rows
                if STATE.failed("wakes"):
                    log.warning("waking job runners failed (%s); the workers' sweep runs the "
                                "rows instead until Redis answers", type(exc).__name__)
            finally:
                if not self._pending:
                    self._idle.set()

    async def flush(self) -> None:
        """Wait until the wakes handed over so far have been sent (tests, shutdown)."""
        await self._idle.wait()

    async def ready(self) -> bool:
        if self.pool is None:
            return False
        try:
            ok = bool(await asyncio.wait_for(self.pool.ping(), self.WAKE_TIMEOUT))
        except Exception:
            STATE.failed("wakes")
            raise
        STATE.ok("wakes")
        return ok

    async def close(self) -> None:
        outbox.remove_hook(self._on_enqueue)
        if self._waker is not None:
            try:
                await asyncio.wait_for(self.flush(), self.WAKE_TIMEOUT)
            except TimeoutError:
                pass
            self._waker.cancel()
            await asyncio.gather(self._waker, return_exceptions=True)
            self._waker = None
        if self.pool is not None:
            pool, self.pool = self.pool, None
            try:
                # A connection broken by a Redis restart can wait forever to close; nothing is
                # lost by giving up (the outbox holds the work), and shutdown must finish.
                await asyncio.wait_for(pool.aclose(), 5)
            except (TimeoutError, OSError) as exc:
                log.warning("closing the Redis pool gave up: %s", type(exc).__name__)


async def enqueue_wake(pool, signal: outbox.Wake) -> None:
    await pool.enqueue_job(
        RUN_OUTBOX_EVENT,
        signal.event_id,
        _job_id=signal.job_id,
        _defer_by=signal.delay if signal.delay > 0 else None,
    )


async def enqueue_wakes(pool, signals: list[outbox.Wake]) -> None:
    """Rows due now go in one job (its id is arq's own); a deferred row gets a job of its own."""
    now = [signal.event_id for signal in signals if signal.delay <= 0]
    if len(now) == 1:
        await enqueue_wake(pool, outbox.Wake(now[0]))
    elif now:
        await pool.enqueue_job(RUN_OUTBOX_EVENT, now)
    for signal in signals:
        if signal.delay > 0:
            await enqueue_wake(pool, signal)


async def start_runtime(
    settings: Settings, specs: list[JobSpec], periodic: list[PeriodicSpec]
) -> JobRuntime:
    """Run `specs` (and `periodic`) for this process; what it publishes goes to `specs`."""
    use_subscribers(specs)
    if settings.redis_url:
        runtime = ArqRuntime(settings.redis_url)
        await runtime.start()
        return runtime
    in_process = InProcessRuntime(specs, periodic)
    in_process.start()
    return in_process
