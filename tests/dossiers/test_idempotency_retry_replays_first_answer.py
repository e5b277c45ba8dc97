"""A retried POST with the same Idempotency-Key and body does the work once and gets the first
answer back, byte for byte, marked as a replay; keys are per person and per route."""

from __future__ import annotations

from auth_helpers import sign_in
from idempotency_support import idempotent_app

from api.idempotency import scope_of


async def test_same_key_and_body_runs_once_and_replays(db, settings):
    async with idempotent_app(settings) as (client, shop):
        headers = {**await sign_in(client), "Idempotency-Key": "order-7f3a"}
        first = await client.post("/orders/3", json={"item": "form CT01"}, headers=headers)
        again = await client.post("/orders/3", json={"item": "form CT01"}, headers=headers)

    assert first.status_code == again.status_code == 201
    assert again.content == first.content
    assert again.headers["location"] == first.headers["location"] == "/orders/3/1"
    assert again.headers["content-type"] == first.headers["content-type"]
    assert again.headers["idempotent-replayed"] == "true"
    assert "idempotent-replayed" not in first.headers
    assert len(shop.orders) == 1


async def test_quoted_and_bare_key_are_the_same_key(db, settings):
    async with idempotent_app(settings) as (client, shop):
        auth = await sign_in(client)
        first = await client.post("/orders/1", json={"item": "a"},
                                  headers={**auth, "Idempotency-Key": '"k-123"'})
        again = await client.post("/orders/1", json={"item": "a"},
                                  headers={**auth, "Idempotency-Key": "k-123"})
    assert again.headers["idempotent-replayed"] == "true"
    assert again.json() == first.json()
    assert len(shop.orders) == 1


async def test_reserialised_json_body_is_the_same_body(db, settings):
    async with idempotent_app(settings) as (client, shop):
        headers = {**await sign_in(client), "Idempotency-Key": "k-json",
                   "Content-Type": "application/json"}
        await client.post("/orders/1", content=b'{"item": "a", "copies": 2}', headers=headers)
        again = await client.post("/orders/1", content=b'{"copies":2,\n "item":"a"}',
                                  headers=headers)
    assert again.headers["idempotent-replayed"] == "true"
    assert len(shop.orders) == 1


async def test_different_people_with_the_same_key_are_independent(db, settings):
    async with idempotent_app(settings) as (client, shop):
        alice = {**await sign_in(client, full_name="Trần Thị Bình"), "Idempotency-Key": "same"}
        bob = {**await sign_in(client, full_name="Lê Văn Cường"), "Idempotency-Key": "same"}
        for_alice = await client.post("/orders/1", json={"item": "a"}, headers=alice)
        for_bob = await client.post("/orders/1", json={"item": "a"}, headers=bob)
        anonymous = await client.post("/orders/1", json={"item": "a"},
                                      headers={"Idempotency-Key": "same"})
    assert len(shop.orders) == 3
    assert "idempotent-replayed" not in for_bob.headers
    assert "idempotent-replayed" not in anonymous.headers
    assert for_alice.json()["who"] != for_bob.json()["who"]


async def test_the_same_key_on_another_resource_is_another_request(db, settings):
    async with idempotent_app(settings) as (client, shop):
        headers = {**await sign_in(client), "Idempotency-Key": "k-shelf"}
        await client.post("/orders/1", json={"item": "a"}, headers=headers)
        other = await client.post("/orders/2", json={"item": "a"}, headers=headers)
    assert other.status_code == 201 and "idempotent-replayed" not in other.headers
    assert len(shop.orders) == 2


async def test_without_a_key_every_request_runs(db, settings):
    async with idempotent_app(settings) as (client, shop):
        auth = await sign_in(client)
        await client.post("/orders/1", json={"item": "a"}, headers=auth)
        await client.post("/orders/1", json={"item": "a"}, headers=auth)
    assert len(shop.orders) == 2


def test_scope_names_the_route_template_not_the_raw_path():
    base = {"method": "POST", "path_template": "/orders/{shelf:int}", "user": None,
            "client": ("10.0.0.1", 1)}
    one = scope_of({**base, "path": "/orders/1", "path_params": {"shelf": 1}})
    two = scope_of({**base, "path": "/orders/2", "path_params": {"shelf": 2}})
    other_client = scope_of({**base, "client": ("10.0.0.2", 1), "path": "/orders/1",
                             "path_params": {"shelf": 1}})
    assert len({one, two, other_client}) == 3
    assert "10.0.0" not in one
