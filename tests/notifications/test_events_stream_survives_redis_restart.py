"""With REDIS_URL, live updates go through Redis pub/sub. Redis restarting does not end live
updates for good: an open stream receives events published after Redis is back, and a stream
opened while Redis is down ends at once with a retry hint instead of hanging or erroring."""

from __future__ import annotations

import asyncio
import dataclasses

from auth_helpers import sign_in_tokens
from live_support import WAIT_SECONDS, EventStream, serving
from resilience_support import own_redis

from notifications.live import publish_to_person


async def test_open_stream_keeps_receiving_after_redis_restarts(client, settings, tmp_path):
    me = await sign_in_tokens(client)
    headers = {"Authorization": f"Bearer {me.access_token}"}
    async with own_redis(tmp_path) as redis:
        async with serving(dataclasses.replace(settings, redis_url=redis.url)) as base_url:
            async with EventStream.open(base_url, headers) as stream:
                await redis.stop()
                await publish_to_person(me.person_id, {"id": "lost", "kind": "dossier.received"})
                await redis.start()
                # Publish until one gets through: the listener reconnects on its own schedule.
                async def keep_publishing() -> None:
                    while True:
                        await publish_to_person(me.person_id,
                                                {"id": "after", "kind": "dossier.processing"})
                        await asyncio.sleep(0.5)

                publisher = asyncio.create_task(keep_publishing())
                try:
                    got = await stream.next_event()
                finally:
                    publisher.cancel()
                assert (got.id, got.event) == ("after", "dossier.processing")


async def test_stream_opened_while_redis_is_down_ends_with_a_retry_hint(client, settings,
                                                                         tmp_path):
    me = await sign_in_tokens(client)
    headers = {"Authorization": f"Bearer {me.access_token}"}
    async with own_redis(tmp_path) as redis:
        async with serving(dataclasses.replace(settings, redis_url=redis.url)) as base_url:
            await redis.stop()
            async with asyncio.timeout(WAIT_SECONDS):
                async with EventStream.open(base_url, headers, expect_hello=False) as stream:
                    block = await stream.next_block()
                    assert "unavailable" in block.comments and block.retry == 3000
            await redis.start()
            async with EventStream.open(base_url, headers) as stream:  # works again
                await publish_to_person(me.person_id, {"id": "back", "kind": "dossier.received"})
                assert (await stream.next_event()).id == "back"
