"""A published event reaches every subscribing job once, and only those."""

import pytest

from core.db import transaction
from jobs import publish as publishing
from jobs.spec import JobSpec
from models.jobs import OutboxEvent


async def _noop(payload):
    return None


@pytest.fixture
def specs(monkeypatch):
    fake = [
        JobSpec("sync.national", _noop, topics=("dossier.*",)),
        JobSpec("notify.citizen", _noop, topics=("dossier.received", "payment.succeeded")),
        JobSpec("unrelated", _noop),
    ]
    monkeypatch.setattr(publishing, "_jobs", tuple(fake))
    return fake


async def test_each_subscriber_gets_one_row(db, specs):
    async with transaction():
        await publishing.publish("dossier.received", {"dossier_id": "d1"}, event_key="7")
    rows = await OutboxEvent.select(OutboxEvent.job, OutboxEvent.payload).order_by(OutboxEvent.job)
    assert [row["job"] for row in rows] == ["notify.citizen", "sync.national"]


async def test_publishing_the_same_occurrence_twice_adds_nothing(db, specs):
    for _ in range(2):
        async with transaction():
            await publishing.publish("dossier.submitted", {"dossier_id": "d1"}, event_key="8")
    assert await OutboxEvent.count() == 1


async def test_a_rolled_back_change_publishes_nothing(db, specs):
    with pytest.raises(RuntimeError):
        async with transaction():
            await publishing.publish("dossier.received", {"dossier_id": "d1"}, event_key="9")
            raise RuntimeError("the state change failed")
    assert await OutboxEvent.count() == 0
