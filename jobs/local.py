"""Running outbox rows on this process, many at once, as soon as their ids are known.

Both runtimes use it: the in-process runner of embedded mode, and each arq worker. A row a
handler enqueues (the consumer of a status change queues one push per phone) is run here at once,
after its transaction commits, instead of travelling through Redis to be picked up again: one
hop instead of two on the way from a status change to the phone. The outbox stays the truth:
rows are taken with its guarded claim, so another runner (a sweep, another worker) that sees the
same id gets nothing. While rows are in its hands (claimed, waiting for a slot or running) the
runner renews their short leases (jobs.leases) every few seconds in one statement; a process
killed meanwhile leaves its rows pending or leased, their leases end within seconds, and the
sweep runs them again (at least once, as every handler expects)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterable

from jobs import leases, outbox
from jobs.spec import JobSpec

log = logging.getLogger("motcua.jobs")

CLAIM_BATCH = 100  # rows taken by one claim (one guarded update)
BACKGROUND_SHARE = 8  # background rows get this fraction of the slots (1/8, at least 2)

Rescheduled = Callable[[outbox.Wake], Awaitable[None]]  # a row that will be due again later


class LocalRunner:
    def __init__(self, specs: dict[str, JobSpec], concurrency: int,
                 rescheduled: Rescheduled | None = None) -> None:
        self.specs = specs
        self._slots = asyncio.Semaphore(concurrency)
        # Background rows (a status change's rollups and national sync: more statements than
        # its notice) hold few slots, hence few of the database pool's connections: under a
        # burst the rows a person waits for (JobSpec.urgent) are not queued behind them, and
        # the background catches up once the burst is over.
        self._background_slots = asyncio.Semaphore(max(2, concurrency // BACKGROUND_SHARE))
        # Rows a running handler enqueued (a status change's pushes) do not queue behind the
        # next changes' consumers: under a burst, each change reaches the phone as soon as its
        # own work is done, instead of every change waiting for the whole burst.
        self._follow_up_slots = asyncio.Semaphore(concurrency)
        self.rescheduled = rescheduled
        self._in_flight: set[int] = set()  # ids submitted and not finished: not claimed twice
        self._held: dict[int, int] = {}  # rows claimed here and not finished: id → attempt
        self._heartbeat: asyncio.Task | None = None
        self._tasks: set[asyncio.Task] = set()
        self._done = leases.DoneMarks()

    @property
    def busy(self) -> int:
        """Rows submitted here and not finished yet."""
        return len(self._in_flight)

    def submit(self, event_ids: Iterable[int]) -> None:
        """Run these rows in the background (ids already being run here are left alone)."""
        fresh = [event_id for event_id in event_ids if event_id not in self._in_flight]
        if not fresh:
            return
        self._in_flight.update(fresh)
        follow_up = outbox.running_job.get() is not None
        task = asyncio.create_task(self._submitted(fresh, follow_up), name="outbox-local")
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def submit_wakes(self, signals: Iterable[outbox.Wake]) -> None:
        """`submit` the rows of these wakes that are due now."""
        self.submit(signal.event_id for signal in signals if signal.delay <= 0)

    async def _submitted(self, event_ids: list[int], follow_up: bool) -> None:
        try:
            await self.run(event_ids, follow_up=follow_up)
        except Exception:  # noqa: BLE001 - the rows stay in the outbox; the sweep runs them
            log.warning("running outbox events %s here failed", event_ids, exc_info=True)
        finally:
            self._in_flight.difference_update(event_ids)

    async def run(self, event_ids: list[int], *, follow_up: bool = False) -> dict[int, str]:
        """Claim and run these rows; returns each id's outcome ("skipped": not ours to run, or
        held here already — a sweep must not take over a lease this runner is renewing)."""
        outcomes = {event_id: "skipped" for event_id in event_ids}
        free = [event_id for event_id in event_ids if event_id not in self._held]
        for start in range(0, len(free), CLAIM_BATCH):
            claimed = await leases.claim_many(free[start:start + CLAIM_BATCH])
            self._held.update((row["id"], row["attempts"]) for row in claimed)
            if claimed and (self._heartbeat is None or self._heartbeat.done()):
                self._heartbeat = asyncio.create_task(self._renew(), name="outbox-heartbeat")
            results = await asyncio.gather(*(self._run_one(row, self._lane(row, follow_up))
                                             for row in claimed))
            outcomes.update(zip((row["id"] for row in claimed), results, strict=True))
        return outcomes

    def _lane(self, row: leases.Claimed, follow_up: bool) -> asyncio.Semaphore:
        if follow_up:
            return self._follow_up_slots
        spec = self.specs.get(row["job"])
        return self._slots if spec is None or spec.urgent else self._background_slots

    async def _run_one(self, row: leases.Claimed, slots: asyncio.Semaphore) -> str:
        try:
            async with slots:
                outcome = await leases.run_claimed(row, self.specs, self._done)
        finally:
            if self._held.get(row["id"]) == row["attempts"]:
                del self._held[row["id"]]
        if outcome.status == "pending" and self.rescheduled is not None:
            await self.rescheduled(outbox.Wake(row["id"], row["attempts"], outcome.retry_in))
        return outcome.status

    async def _renew(self) -> None:
        """The heartbeat: runs while this runner holds rows."""
        while self._held:
            await asyncio.sleep(leases.HEARTBEAT_SECONDS)
            held = dict(self._held)
            if not held:
                return
            try:
                await leases.renew(held)
            except Exception as exc:  # noqa: BLE001 - next beat tries again; at worst another
                # runner takes a row over when its lease ends (at least once, as documented)
                log.warning("renewing the leases of %d outbox rows failed: %s", len(held),
                            type(exc).__name__)

    async def close(self, seconds: float = 10.0) -> None:
        """Let the rows being run finish (bounded); what is cut short stays leased in the
        outbox and is run again when its lease runs out."""
        if self._tasks:
            await asyncio.wait(list(self._tasks), timeout=seconds)
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        if self._heartbeat is not None:
            self._heartbeat.cancel()
            await asyncio.gather(self._heartbeat, return_exceptions=True)
