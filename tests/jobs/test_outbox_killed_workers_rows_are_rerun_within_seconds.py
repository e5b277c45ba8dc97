"""A worker killed with SIGKILL while it holds outbox rows (running, or claimed and waiting for a
slot) stops renewing their leases; another runner takes them over once the lease ends — within
LEASE + one poll of the successor, not after the job's whole timeout (600 s here) — and runs each
once more. While the worker lives, its heartbeat keeps the rows its own past many leases."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from pathlib import Path

from live_support import WAIT_SECONDS
from outbox_support import recording_spec

from core.db import transaction
from jobs import outbox
from jobs.runtime import InProcessRuntime
from models.jobs import OutboxEvent

SCRIPT = Path(__file__).resolve().parents[1].joinpath("lease_holder_script.py")
ROOT = Path(__file__).resolve().parents[2]
LEASE, HEARTBEAT = 1.5, 0.3  # the holder's (production: jobs.leases, 10 s and 2.5 s)
POLL = 0.2  # the successor's look at the outbox (production sweeps: 1 s to 10 s)


def started(record: Path) -> list[dict]:
    if not record.exists():
        return []
    return [json.loads(line) for line in record.read_text().splitlines() if line.strip()]


async def test_killed_workers_rows_are_taken_over_once_its_lease_ends(db, settings, tmp_path):
    async with transaction():
        ids = [await outbox.enqueue("test.hold", {"n": n}) for n in range(3)]
    record = tmp_path / "started.jsonl"
    holder = await asyncio.create_subprocess_exec(
        sys.executable, str(SCRIPT), settings.database_url, str(record), str(LEASE),
        str(HEARTBEAT), cwd=ROOT, stderr=asyncio.subprocess.PIPE,
        env={"PYTHONPATH": str(ROOT), "PATH": os.environ.get("PATH", "/usr/bin:/bin")})
    calls: list = []
    successor = InProcessRuntime([recording_spec("test.hold", calls)], [])
    try:
        async with asyncio.timeout(WAIT_SECONDS):
            while len(started(record)) < 2:  # two running, the third waiting for a slot
                assert holder.returncode is None, (await holder.stderr.read()).decode()
                await asyncio.sleep(0.05)
        # Three leases long: without the heartbeat every row would be due again by now.
        for _ in range(int(3 * LEASE / POLL)):
            assert await successor.drain_once() == 0
            await asyncio.sleep(POLL)
        statuses = await OutboxEvent.select(OutboxEvent.status).where(OutboxEvent.id.is_in(ids))
        assert [row["status"] for row in statuses] == ["running"] * 3
    finally:
        if holder.returncode is None:
            holder.kill()  # SIGKILL: no cleanup runs, as when a machine or container dies
        await holder.wait()

    killed_at = asyncio.get_running_loop().time()
    while len(calls) < 3:
        assert asyncio.get_running_loop().time() - killed_at < LEASE + HEARTBEAT + 2 * POLL + 1, (
            f"only {len(calls)} of 3 rows taken over")
        await successor.drain_once()
        await asyncio.sleep(POLL)
    assert sorted(call["n"] for call in calls) == [0, 1, 2]  # each once more, none twice
    rows = await OutboxEvent.select(OutboxEvent.status, OutboxEvent.attempts).where(
        OutboxEvent.id.is_in(ids))
    assert [(row["status"], row["attempts"]) for row in rows] == [("done", 2)] * 3
