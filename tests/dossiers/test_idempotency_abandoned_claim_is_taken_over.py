"""A claim left `running` by a request that never finished (its process died) does not hold the
key forever: after the lease the next retry takes it over and runs. Should the old request wake
up after all, its late answer is not stored over the new one."""

from __future__ import annotations

import asyncio

from auth_helpers import sign_in
from idempotency_support import idempotent_app

from core.idempotency import LEASE
from models.idempotency import IdempotencyRecord


async def _age_claims(by) -> None:
    rows = await IdempotencyRecord.select(IdempotencyRecord.id, IdempotencyRecord.created_at)
    for row in rows:
        await IdempotencyRecord.update(
            {IdempotencyRecord.created_at: row["created_at"] - by}
        ).where(IdempotencyRecord.id == row["id"])


async def test_stale_running_claim_is_taken_over(db, settings):
    async with idempotent_app(settings) as (client, shop):
        headers = {**await sign_in(client), "Idempotency-Key": "k-stuck"}
        body = {"item": "a", "wait": True}
        stuck = asyncio.create_task(client.post("/orders/1", json=body, headers=headers))
        await asyncio.wait_for(shop.arrivals.get(), 30)
        await _age_claims(LEASE * 2)  # as if it had hung for two leases

        retry = asyncio.create_task(client.post("/orders/1", json=body, headers=headers))
        await asyncio.wait_for(shop.arrivals.get(), 30)  # the retry reached the handler
        shop.proceed.set()
        taken_over = await asyncio.wait_for(retry, 30)
        late = await asyncio.wait_for(stuck, 30)
        replay = await client.post("/orders/1", json=body, headers=headers)

    assert taken_over.status_code == 201 and "idempotent-replayed" not in taken_over.headers
    assert late.status_code == 201
    assert replay.headers["idempotent-replayed"] == "true"
    assert replay.json() == taken_over.json() != late.json()


async def test_fresh_running_claim_is_not_taken_over(db, settings):
    async with idempotent_app(settings) as (client, shop):
        headers = {**await sign_in(client), "Idempotency-Key": "k-busy"}
        body = {"item": "a", "wait": True}
        busy = asyncio.create_task(client.post("/orders/1", json=body, headers=headers))
        await asyncio.wait_for(shop.arrivals.get(), 30)
        await _age_claims(LEASE / 2)
        during = await client.post("/orders/1", json=body, headers=headers)
        shop.proceed.set()
        await asyncio.wait_for(busy, 30)
    assert during.status_code == 409
    assert len(shop.orders) == 1
