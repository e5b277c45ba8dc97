"""Run as a separate process by the killed-worker lease test: `python lease_holder_script.py
DB_URL RECORD_FILE LEASE HEARTBEAT`. A `jobs.local` runner (the one every worker uses) claims
every pending `test.hold` row and runs it with a handler that writes the row's payload to
RECORD_FILE and then never returns, so the runner holds the rows and renews their leases until
the test kills this process with SIGKILL. LEASE and HEARTBEAT shorten jobs.leases' own."""

import asyncio
import json
import sys

from core.db import engine_from_url, open_engine, use_engine
from jobs import leases
from jobs.local import LocalRunner
from jobs.spec import JobSpec
from models.jobs import OutboxEvent

JOB = "test.hold"


def write(record: str, payload: dict) -> None:
    with open(record, "a", encoding="utf-8") as out:
        out.write(json.dumps(payload) + "\n")


async def main(url: str, record: str, lease: str, heartbeat: str) -> None:
    engine = engine_from_url(url)
    use_engine(engine)
    await open_engine(engine)
    leases.LEASE_SECONDS, leases.HEARTBEAT_SECONDS = float(lease), float(heartbeat)

    async def hold(payload: dict) -> None:
        write(record, payload)
        await asyncio.Event().wait()

    runner = LocalRunner({JOB: JobSpec(JOB, hold, timeout_seconds=600.0)}, concurrency=2)
    rows = await OutboxEvent.select(OutboxEvent.id).where(
        (OutboxEvent.job == JOB) & (OutboxEvent.status == "pending"))
    # Two slots for three rows: one row waits for a slot, and is held (and renewed) all the same.
    await runner.run([row["id"] for row in rows])


if __name__ == "__main__":
    asyncio.run(main(*sys.argv[1:5]))
