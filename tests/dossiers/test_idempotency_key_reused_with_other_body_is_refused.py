"""The same key with another body is a client bug, not a retry: 422, and nothing happens. A key
that is not 1–255 visible ASCII characters is refused with 400 before anything runs."""

from __future__ import annotations

import pytest
from auth_helpers import sign_in
from idempotency_support import idempotent_app

PROBLEMS = "https://motcua.gov.vn/problems/"


async def test_other_body_with_a_used_key_is_refused(db, settings):
    async with idempotent_app(settings) as (client, shop):
        headers = {**await sign_in(client), "Idempotency-Key": "k-1", "Accept-Language": "en"}
        await client.post("/orders/1", json={"item": "a"}, headers=headers)
        refused = await client.post("/orders/1", json={"item": "b"}, headers=headers)
        # The first answer is still there for a genuine retry.
        again = await client.post("/orders/1", json={"item": "a"}, headers=headers)

    assert refused.status_code == 422
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert refused.json()["type"] == PROBLEMS + "idempotency-key-reused"
    assert again.headers["idempotent-replayed"] == "true"
    assert shop.orders == [{"shelf": 1, "item": "a"}]


@pytest.mark.parametrize("key", ["", '""', "x" * 256, "has space", "khóa".encode(), "tab\there"])
async def test_malformed_key_is_a_bad_request(db, settings, key):
    async with idempotent_app(settings) as (client, shop):
        answer = await client.post("/orders/1", json={"item": "a"},
                                   headers={"Idempotency-Key": key})
    assert answer.status_code == 400
    assert answer.json()["type"] == PROBLEMS + "invalid-idempotency-key"
    assert shop.orders == []


async def test_longest_allowed_key_works(db, settings):
    async with idempotent_app(settings) as (client, shop):
        headers = {"Idempotency-Key": "~" * 255}
        await client.post("/orders/1", json={"item": "a"}, headers=headers)
        again = await client.post("/orders/1", json={"item": "a"}, headers=headers)
    assert again.headers["idempotent-replayed"] == "true"
    assert len(shop.orders) == 1
