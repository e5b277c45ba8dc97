"""A retry that arrives while the first request is still running is told so (409), without
running twice; once the first finishes, the retry gets its answer."""

from __future__ import annotations

import asyncio

from auth_helpers import sign_in
from idempotency_support import idempotent_app

PROBLEMS = "https://motcua.gov.vn/problems/"


async def test_concurrent_retry_is_refused_then_replayed(db, settings):
    async with idempotent_app(settings) as (client, shop):
        headers = {**await sign_in(client), "Idempotency-Key": "slow-1"}
        body = {"item": "a", "wait": True}
        first = asyncio.create_task(client.post("/orders/1", json=body, headers=headers))
        await asyncio.wait_for(shop.arrivals.get(), 30)

        during = await client.post("/orders/1", json=body, headers=headers)
        shop.proceed.set()
        first_answer = await asyncio.wait_for(first, 30)
        after = await client.post("/orders/1", json=body, headers=headers)

    assert during.status_code == 409
    assert during.json()["type"] == PROBLEMS + "idempotency-request-in-progress"
    assert during.headers["retry-after"]
    assert first_answer.status_code == 201
    assert after.headers["idempotent-replayed"] == "true"
    assert after.json() == first_answer.json()
    assert len(shop.orders) == 1
