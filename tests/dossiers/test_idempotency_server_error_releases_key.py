"""A 5xx is not an answer worth keeping: the key is released and the retry runs for real. A 4xx
the handler gave is final and replayed."""

from __future__ import annotations

from auth_helpers import sign_in
from idempotency_support import idempotent_app


async def test_retry_after_a_server_error_runs_again(db, settings):
    async with idempotent_app(settings) as (client, shop):
        headers = {**await sign_in(client), "Idempotency-Key": "k-500"}
        shop.crash_next = 1
        failed = await client.post("/orders/1", json={"item": "a"}, headers=headers)
        retried = await client.post("/orders/1", json={"item": "a"}, headers=headers)
        replayed = await client.post("/orders/1", json={"item": "a"}, headers=headers)

    assert failed.status_code == 500
    assert retried.status_code == 201 and "idempotent-replayed" not in retried.headers
    assert replayed.headers["idempotent-replayed"] == "true"
    assert len(shop.orders) == 1


async def test_client_error_from_the_handler_is_replayed(db, settings):
    async with idempotent_app(settings) as (client, shop):
        headers = {**await sign_in(client), "Idempotency-Key": "k-404", "Accept-Language": "en"}
        first = await client.post("/orders/1", json={"item": "a", "fail": 404}, headers=headers)
        again = await client.post("/orders/1", json={"item": "a", "fail": 404},
                                  headers={**headers, "Accept-Language": "vi"})
    assert first.status_code == again.status_code == 404
    assert again.headers["idempotent-replayed"] == "true"
    assert again.content == first.content  # the first answer, in the first answer's language
    assert again.headers["content-language"] == "en"
    assert again.headers["content-type"].startswith("application/problem+json")
