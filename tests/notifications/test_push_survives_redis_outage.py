"""Redis stopped while dossiers change status, then started again: every request still succeeds
(the outbox row is committed with the change; a lost arq wake is only logged), the worker runs
the outbox from the database meanwhile, and every push arrives exactly once per device."""

from __future__ import annotations

import asyncio
import dataclasses
from collections import Counter

import pytest
from auth_helpers import client_with
from live_support import WAIT_SECONDS
from resilience_support import own_redis, supervised_worker

from models.notifications import Notification
from notifications.providers import sandbox
from tests.dossier_factories import (
    JUDICIAL,
    act,
    citizen_headers,
    filled_draft,
    officer_headers,
)
from tests.notification_support import applicant, register

pytestmark = pytest.mark.usefixtures("clean_push_sandbox")


def delivered(device_id: str) -> Counter:
    return Counter(push.message.data["notification_id"] for push in sandbox.sent(device_id))


async def test_pushes_queued_while_redis_is_down_all_arrive_once(db, settings, tmp_path):
    async with own_redis(tmp_path) as redis:
        with_redis = dataclasses.replace(settings, redis_url=redis.url)
        async with client_with(with_redis) as client, supervised_worker(with_redis):
            citizen = await citizen_headers(client)
            officer = await officer_headers(client, JUDICIAL)
            phones = [await register(client, citizen, platform="fcm"),
                      await register(client, citizen, platform="apns")]
            dossier = await filled_draft(client, citizen, JUDICIAL)

            await redis.stop()
            submitted = await client.post(f"/v1/dossiers/{dossier['id']}/submit",
                                          json={"result_delivery": "electronic"}, headers=citizen)
            assert submitted.status_code == 200, submitted.text
            for action, body in (("receive", {}),
                                 ("request_supplement", {"missing_slots": ["van_ban_uy_quyen"],
                                                         "note": "Thiếu văn bản ủy quyền"})):
                answer = await act(client, officer, dossier["id"], action, **body)
                assert answer.status_code == 200, answer.text

            await redis.start()
            person = await applicant(dossier["id"])
            async with asyncio.timeout(3 * WAIT_SECONDS):
                while True:
                    notices = {str(row["id"]) for row in await Notification.select(
                        Notification.id).where(Notification.person == person)}
                    if len(notices) == 3 and all(
                            set(delivered(phone["id"])) == notices for phone in phones):
                        break
                    await asyncio.sleep(0.1)

            kinds = {row["kind"] for row in await Notification.select(Notification.kind).where(
                Notification.person == person)}
            assert kinds == {"submitted", "received", "supplement_requested"}
            # Let the worker's sweep pass over everything once more: still nothing doubled.
            await asyncio.sleep(0.5)
            for phone in phones:
                assert set(delivered(phone["id"]).values()) == {1}
