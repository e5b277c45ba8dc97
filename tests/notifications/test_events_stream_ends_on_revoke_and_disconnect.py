"""A stream lives only as long as its session and its client: revoking the session (sign-out of
that device, a stolen refresh token) ends it, and a client that goes away is unsubscribed."""

from __future__ import annotations

import asyncio

import pytest
from auth_helpers import sign_in_tokens
from live_support import WAIT_SECONDS, EventStream, serving

import api.events
from auth.sessions import revoke_session
from notifications import live


@pytest.fixture
def quick_heartbeat(monkeypatch):
    monkeypatch.setattr(api.events, "HEARTBEAT_SECONDS", 0.2)


async def test_revoked_session_ends_its_stream(client, settings, quick_heartbeat):
    me = await sign_in_tokens(client)
    async with serving(settings) as base_url:
        async with EventStream.open(base_url,
                                    {"Authorization": f"Bearer {me.access_token}"}) as stream:
            beat = await stream.next_block()
            assert "heartbeat" in beat.comments  # the stream is alive before the revocation
            await revoke_session(me.session_id, person_id=me.person_id, reason="session_revoked")
            with pytest.raises(EOFError):
                while True:
                    await stream.next_block()


async def test_ticket_stream_ends_when_its_session_is_revoked(client, settings, quick_heartbeat):
    me = await sign_in_tokens(client)
    r = await client.post("/v1/events/ticket",
                          headers={"Authorization": f"Bearer {me.access_token}"})
    async with serving(settings) as base_url:
        async with EventStream.open(base_url, params={"ticket": r.json()["ticket"]}) as stream:
            await revoke_session(me.session_id, person_id=me.person_id, reason="session_revoked")
            with pytest.raises(EOFError):
                while True:
                    await stream.next_block()


def subscribers(person_id) -> int:
    return sum(len(plugin._channels.get(live.channel_of(person_id), ()))
               for plugin in live._started)


async def test_client_going_away_unsubscribes(client, settings, quick_heartbeat):
    me = await sign_in_tokens(client)
    async with serving(settings) as base_url:
        async with EventStream.open(base_url, {"Authorization": f"Bearer {me.access_token}"}):
            assert subscribers(me.person_id) == 1
        async with asyncio.timeout(WAIT_SECONDS):
            while True:
                if subscribers(me.person_id) == 0:
                    break
                await asyncio.sleep(0.05)
