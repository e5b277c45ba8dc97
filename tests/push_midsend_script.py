"""Run as a separate process by the worker-killed tests: `python push_midsend_script.py DB_URL
RECORD_FILE BLOCKED_DEVICE before|after`. It runs every queued push job with a provider double
that records each call in RECORD_FILE (one JSON line per call) and hangs on BLOCKED_DEVICE's push —
`before` the push service would have accepted it, or `after` (accepted, answer never read). The
test then kills this process with SIGKILL while that call is in flight.

The lease is shortened (1.5 s) so the test's sweep can re-drive soon."""

import asyncio
import json
import sys

from core.db import engine_from_url, open_engine, use_engine
from jobs import leases
from models.jobs import OutboxEvent
from notifications.inbox import PUSH_JOB
from notifications.jobs import JOBS
from notifications.push import PROVIDERS, PushProviderDefaults, PushResult


class HangingProvider(PushProviderDefaults):
    name = "test_recording"
    platform = "fcm"

    def __init__(self, record: str, blocked: str, when: str) -> None:
        self.record, self.blocked, self.when = record, blocked, when

    def _write(self, device, message, phase: str) -> None:
        with open(self.record, "a", encoding="utf-8") as out:
            out.write(json.dumps({"device": device.id, "phase": phase, "pid": "worker",
                                  "notification": message.data.get("notification_id"),
                                  "collapse_key": message.collapse_key}) + "\n")

    async def send(self, device, message):
        if device.id != self.blocked:
            self._write(device, message, "accepted")
            return PushResult("sent")
        if self.when == "after":
            self._write(device, message, "accepted")
        self._write(device, message, "in_flight")
        await asyncio.Event().wait()  # the call never returns: the process is killed here


async def main(url: str, record: str, blocked: str, when: str) -> None:
    engine = engine_from_url(url)
    use_engine(engine)
    await open_engine(engine)
    leases.LEASE_SECONDS = 1.5
    PROVIDERS.register(HangingProvider(record, blocked, when))
    specs = {spec.name: spec for spec in JOBS if spec.name == PUSH_JOB}
    # Claimed with a short lease, never renewed (no runner here), run with the job's own
    # timeout: the process dies first.
    rows = await OutboxEvent.select(OutboxEvent.id).where(
        (OutboxEvent.job == PUSH_JOB) & (OutboxEvent.status == "pending"))

    async def run(event_id: int) -> None:
        row = await leases.claim(event_id)
        if row is not None:
            await leases.run_claimed(row, specs)

    await asyncio.gather(*(run(row["id"]) for row in rows))


if __name__ == "__main__":
    asyncio.run(main(*sys.argv[1:5]))
