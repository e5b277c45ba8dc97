"""Keys are remembered for 24 hours: the hourly purge removes older records, and a key whose
record has expired starts afresh."""

from __future__ import annotations

import datetime as dt

from auth_helpers import sign_in
from idempotency_support import idempotent_app

from app.domains import all_periodic_specs
from core.idempotency import purge_expired
from models.idempotency import IdempotencyRecord


async def test_purge_removes_only_expired_records(db):
    now = dt.datetime.now(dt.UTC)
    await IdempotencyRecord.insert(
        IdempotencyRecord(scope="s", key="old", request_hash="h", state="done",
                          created_at=now - dt.timedelta(days=2),
                          expires_at=now - dt.timedelta(days=1)),
        IdempotencyRecord(scope="s", key="fresh", request_hash="h", state="done",
                          created_at=now, expires_at=now + dt.timedelta(hours=23)),
    )
    await purge_expired()
    left = await IdempotencyRecord.select(IdempotencyRecord.key)
    assert [row["key"] for row in left] == ["fresh"]


def test_purge_is_a_registered_periodic_job():
    assert purge_expired in [spec.handler for spec in all_periodic_specs()]


async def test_an_expired_key_runs_again(db, settings):
    async with idempotent_app(settings) as (client, shop):
        headers = {**await sign_in(client), "Idempotency-Key": "k-yesterday"}
        await client.post("/orders/1", json={"item": "a"}, headers=headers)
        yesterday = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
        await IdempotencyRecord.update({IdempotencyRecord.expires_at: yesterday}, force=True)
        again = await client.post("/orders/1", json={"item": "b"}, headers=headers)
    assert again.status_code == 201 and "idempotent-replayed" not in again.headers
    assert len(shop.orders) == 2
