"""A push worker killed (SIGKILL) while a push is in flight: the outbox lease runs out, the sweep
runs the job again, and every phone gets its push — the one already sent is not sent again.

What remains: a kill after the push service accepted a message but before we recorded it cannot
be told apart from a kill before, so that one message is sent again. FCM has no idempotency key for
`messages:send`; the resend carries the same collapse key (FCM `collapse_key`, APNs
`apns-collapse-id`: the notification id), so the phone replaces the first with the second and the
citizen sees one notice. The second test pins that down."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import os
import sys
from collections import Counter
from pathlib import Path

import pytest
from auth_helpers import client_with
from live_support import WAIT_SECONDS

from jobs import leases
from models.jobs import OutboxEvent
from models.notifications import PushDelivery
from notifications import push
from notifications.inbox import PUSH_JOB
from notifications.jobs import CONSUMER_JOB, JOBS
from tests.dossier_factories import JUDICIAL, citizen_headers, submitted_dossier
from tests.notification_support import register

SCRIPT = Path(__file__).resolve().parents[1].joinpath("push_midsend_script.py")
ROOT = Path(__file__).resolve().parents[2]
SPECS = {spec.name: spec for spec in JOBS}


class AcceptingProvider(push.PushProviderDefaults):
    """The push service after the restart: accepts every message, recorded like the script's."""

    name = "test_recording"
    platform = "fcm"

    def __init__(self, record: Path) -> None:
        self.record = record

    async def send(self, device, message):
        with self.record.open("a", encoding="utf-8") as out:
            out.write(json.dumps({"device": device.id, "phase": "accepted", "pid": "sweep",
                                  "notification": message.data.get("notification_id"),
                                  "collapse_key": message.collapse_key}) + "\n")
        return push.PushResult("sent")


def calls(record: Path) -> list[dict]:
    if not record.exists():
        return []
    return [json.loads(line) for line in record.read_text().splitlines() if line.strip()]


async def run_jobs(job: str) -> None:
    for row in await OutboxEvent.select(OutboxEvent.id).where(
            (OutboxEvent.job == job) & (OutboxEvent.status == "pending")):
        claimed = await leases.claim(row["id"])
        if claimed is not None:
            await leases.run_claimed(claimed, SPECS)


async def sweep_until_sent() -> None:
    """What the worker's sweep does after a restart: re-drive due and lease-expired push rows."""
    async with asyncio.timeout(WAIT_SECONDS):
        while await PushDelivery.count().where(PushDelivery.state != "sent"):
            for row in await OutboxEvent.select(OutboxEvent.id).where(
                    OutboxEvent.job == PUSH_JOB):
                claimed = await leases.claim(row["id"])  # only if due or lease expired
                if claimed is not None:
                    await leases.run_claimed(claimed, SPECS)
            await asyncio.sleep(0.1)


@pytest.fixture
def recording_provider(tmp_path):
    record = tmp_path / "pushes.jsonl"
    push.PROVIDERS.register(AcceptingProvider(record))
    yield record
    push.PROVIDERS.unregister(AcceptingProvider.name)


async def kill_mid_send(database_url: str, record: Path, blocked: str, when: str) -> None:
    worker = await asyncio.create_subprocess_exec(
        sys.executable, str(SCRIPT), database_url, str(record), blocked, when,
        cwd=ROOT, env={"PYTHONPATH": str(ROOT), "PATH": os.environ.get("PATH", "/usr/bin:/bin")},
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE)
    try:
        async with asyncio.timeout(WAIT_SECONDS):
            while not (any(c["phase"] == "in_flight" for c in calls(record))
                       and len([c for c in calls(record) if c["device"] != blocked]) == 1
                       and await OutboxEvent.count().where(
                           (OutboxEvent.job == PUSH_JOB) & (OutboxEvent.status == "done"))):
                if worker.returncode is not None:
                    pytest.fail((await worker.stderr.read()).decode())
                await asyncio.sleep(0.05)
    finally:
        if worker.returncode is None:
            worker.kill()  # SIGKILL: no cleanup runs, as when a machine or container dies
        await asyncio.wait_for(worker.wait(), WAIT_SECONDS)


async def two_phones_and_a_status_change(client) -> tuple[list[dict], str]:
    citizen = await citizen_headers(client)
    phones = [await register(client, citizen, platform="fcm") for _ in range(2)]
    dossier = await submitted_dossier(client, citizen, JUDICIAL)
    await run_jobs(CONSUMER_JOB)  # the consumer queues one push per phone
    assert await PushDelivery.count() == 2
    return phones, dossier["id"]


async def test_worker_killed_mid_send_loses_no_push_and_doubles_none(
        db, settings, redis_url, recording_provider):
    # With REDIS_URL the API runs no jobs itself, and no arq worker runs: this test drives them.
    async with client_with(dataclasses.replace(settings, redis_url=redis_url)) as client:
        phones, _ = await two_phones_and_a_status_change(client)
        blocked = phones[1]["id"]
        await kill_mid_send(settings.database_url, recording_provider, blocked, "before")
        await sweep_until_sent()

    accepted = Counter(c["device"] for c in calls(recording_provider) if c["phase"] == "accepted")
    assert accepted == {phones[0]["id"]: 1, phones[1]["id"]: 1}
    retried = await PushDelivery.select(PushDelivery.attempts).where(
        PushDelivery.device == blocked).first()
    assert retried["attempts"] == 2  # the killed attempt, then the sweep's


async def test_kill_after_the_service_accepted_resends_under_the_same_collapse_key(
        db, settings, redis_url, recording_provider):
    async with client_with(dataclasses.replace(settings, redis_url=redis_url)) as client:
        phones, _ = await two_phones_and_a_status_change(client)
        blocked = phones[1]["id"]
        await kill_mid_send(settings.database_url, recording_provider, blocked, "after")
        await sweep_until_sent()

    accepted = [c for c in calls(recording_provider) if c["phase"] == "accepted"]
    to_blocked = [c for c in accepted if c["device"] == blocked]
    # The documented window: sent twice, but the phone shows one (same collapse key).
    assert len(to_blocked) == 2
    assert {c["collapse_key"] for c in to_blocked} == {to_blocked[0]["notification"]}
    assert len([c for c in accepted if c["device"] == phones[0]["id"]]) == 1
