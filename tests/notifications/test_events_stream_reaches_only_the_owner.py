"""GET /v1/events delivers a citizen's updates to their own open stream, never to another
citizen's — in embedded mode (memory channels) and through Redis (what a worker process uses)."""

from __future__ import annotations

import dataclasses
import uuid

import pytest
from auth_helpers import sign_in_tokens
from live_support import EventStream, serving

from notifications.live import publish_to_person


def status_event(dossier_id: str, status_code: int = 2) -> dict:
    return {
        "id": f"evt-{uuid.uuid4()}", "kind": "dossier.received", "dossier_id": dossier_id,
        "code": "H22.01-261122-0001", "status_code": status_code,
        "title": "Hồ sơ đã được tiếp nhận", "body": "Cấp đổi giấy phép lái xe",
        "at": "2026-11-22T04:20:00+00:00",
    }


@pytest.fixture(params=["memory", "redis"])
def live_settings(request, settings):
    if request.param == "memory":
        return settings
    return dataclasses.replace(settings, redis_url=request.getfixturevalue("redis_url"))


async def test_status_change_reaches_the_owner_and_not_another_citizen(client, live_settings):
    owner = await sign_in_tokens(client)
    other = await sign_in_tokens(client)
    async with serving(live_settings) as base_url:
        async with (
            EventStream.open(base_url, {"Authorization": f"Bearer {owner.access_token}"}) as mine,
            EventStream.open(base_url, {"Authorization": f"Bearer {other.access_token}"}) as theirs,
        ):
            assert mine.response.headers["content-type"].startswith("text/event-stream")
            sent = status_event("d-owner")
            await publish_to_person(owner.person_id, sent)
            got = await mine.next_event()
            assert (got.event, got.id) == ("dossier.received", sent["id"])
            assert got.json() == sent

            # The other citizen's next event is their own, not the owner's.
            marker = status_event("d-other", status_code=4)
            await publish_to_person(other.person_id, marker)
            assert (await theirs.next_event()).id == marker["id"]


async def test_event_carries_only_the_listed_fields(client, settings):
    owner = await sign_in_tokens(client)
    async with serving(settings) as base_url:
        async with EventStream.open(base_url,
                                    {"Authorization": f"Bearer {owner.access_token}"}) as mine:
            sent = {**status_event("d-1"), "id_number": "001099012345", "address": "12 Hàng Bạc"}
            await publish_to_person(owner.person_id, sent)
            got = (await mine.next_event()).json()
    assert "id_number" not in got and "address" not in got
    assert got["dossier_id"] == "d-1"
