"""Running outbox work: in-process (embedded mode) or through arq workers (REDIS_URL set)."""

from __future__ import annotations

import asyncio
import logging
from typing import Protocol

from core.settings import Settings
from jobs import outbox
from jobs.spec import JobSpec, PeriodicSpec

log = logging.getLogger("motcua.jobs")

POLL_SECONDS = 1.0
LEASE_SECONDS = 120.0


class JobRuntime(Protocol):
    async def ready(self) -> bool: ...
    async def close(self) -> None: ...


class InProcessRuntime:
    """Drains the outbox on the API process's own event loop. Wakes on every enqueue and polls
    once a second, so work committed by another process is found too."""

    def __init__(self, specs: list[JobSpec], periodic: list[PeriodicSpec]) -> None:
        self.specs = {spec.name: spec for spec in specs}
        self.periodic = periodic
        self._wake = asyncio.Event()
        self._tasks: list[asyncio.Task] = []
        self._stopping = False

    def start(self) -> None:
        outbox.on_enqueue(self._on_enqueue)
        self._tasks.append(asyncio.create_task(self._drain_loop(), name="outbox-drain"))
        for spec in self.periodic:
            self._tasks.append(asyncio.create_task(self._periodic(spec), name=spec.name))

    def _on_enqueue(self, _event_id: int) -> None:
        self._wake.set()

    async def drain_once(self) -> int:
        """Run everything that is due now. Returns how many rows were run."""
        ran = 0
        for event_id in await outbox.due_ids():
            row = await outbox.claim(event_id, LEASE_SECONDS)
            if row is not None:
                await outbox.run_claimed(row, self.specs)
                ran += 1
        return ran

    async def _drain_loop(self) -> None:
        while not self._stopping:
            try:
                while await self.drain_once():
                    pass
            except Exception:  # noqa: BLE001 - keep draining after a database hiccup
                log.exception("outbox drain failed")
            try:
                await asyncio.wait_for(self._wake.wait(), POLL_SECONDS)
            except asyncio.TimeoutError:
                pass
            self._wake.clear()

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
        if self._on_enqueue in outbox._wake_hooks:
            outbox._wake_hooks.remove(self._on_enqueue)
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)


async def start_runtime(
    settings: Settings, specs: list[JobSpec], periodic: list[PeriodicSpec]
) -> JobRuntime:
    runtime = InProcessRuntime(specs, periodic)
    runtime.start()
    return runtime
