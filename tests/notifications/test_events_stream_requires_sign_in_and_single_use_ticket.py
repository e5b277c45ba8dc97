"""The event stream is for a signed-in citizen only: without a token (or with a bad one) it is a
401 problem; a browser's ticket opens one stream and is refused the second time."""

from __future__ import annotations

from auth_helpers import sign_in_tokens
from live_support import EventStream, serving

from core.problems import TYPE_BASE
from notifications.live import publish_to_person


async def test_no_token_or_a_forged_one_is_a_401_problem(client):
    for headers in ({}, {"Authorization": "Bearer not-a-token"}):
        r = await client.get("/v1/events", headers=headers)
        assert r.status_code == 401
        assert r.headers["content-type"].startswith("application/problem+json")
        assert r.json()["type"] == f"{TYPE_BASE}unauthenticated"
        assert r.headers["www-authenticate"].startswith("Bearer")


async def test_ticket_needs_a_signed_in_caller(client):
    r = await client.post("/v1/events/ticket")
    assert r.status_code == 401
    assert r.json()["type"] == f"{TYPE_BASE}unauthenticated"


async def test_ticket_opens_one_stream_and_is_refused_when_reused(client, settings):
    me = await sign_in_tokens(client)
    r = await client.post("/v1/events/ticket",
                          headers={"Authorization": f"Bearer {me.access_token}"})
    assert r.status_code == 201
    ticket = r.json()["ticket"]
    assert r.json()["expires_in"] == 60
    assert me.access_token not in ticket

    async with serving(settings) as base_url:
        async with EventStream.open(base_url, params={"ticket": ticket}) as stream:
            assert stream.response.status_code == 200
            await publish_to_person(me.person_id, {"id": "n-1", "kind": "dossier.received",
                                                   "dossier_id": "d-1", "status_code": 2})
            got = await stream.next_event()
            assert (got.id, got.json()["dossier_id"]) == ("n-1", "d-1")

        async with EventStream.open(base_url, params={"ticket": ticket}) as again:
            assert again.response.status_code == 401
            await again.response.aread()
            assert again.response.json()["type"] == f"{TYPE_BASE}unauthenticated"


async def test_unknown_ticket_is_refused(client):
    r = await client.get("/v1/events", params={"ticket": "evt_made-up"})
    assert r.status_code == 401
    assert r.json()["type"] == f"{TYPE_BASE}unauthenticated"
