"""Operators see failing endpoints and undelivered webhooks with their attempt log, replay one
message or a range (the partner gets the same webhook-id again), and re-enable an endpoint;
every action is audited and only admins may act."""

from __future__ import annotations

import datetime as dt

import pytest

from models.audit import AuditEvent
from models.webhooks import WebhookMessage
from tests.auth_helpers import sign_in
from tests.webhook_helpers import SECRET, configure_partner, message, send_booking
from tests.webhook_helpers import settle as drain
from tests.webhook_partner import PartnerServer

AGENCY = "000.00.01.H22"


@pytest.fixture
def partner():
    server = PartnerServer(SECRET).start()
    yield server
    server.stop()


async def admin(client) -> dict[str, str]:
    return await sign_in(client, role="admin", agency_unit_code=AGENCY)


async def test_replay_of_a_delivered_message_sends_it_again_under_the_same_id(client, partner):
    await configure_partner(partner.url)
    message_id = await send_booking()
    await drain()
    headers = await admin(client)

    response = await client.post(f"/v1/ops/webhooks/messages/{message_id}/replay", headers=headers)
    assert response.status_code == 202
    await drain()

    assert len(partner.received) == 2 and len(set(partner.ids)) == 1
    assert partner.received[0].body == partner.received[1].body
    assert (await message(message_id))["state"] == "delivered"
    audit = await AuditEvent.select().where(AuditEvent.action == "webhook.replay")
    assert [a["subject_id"] for a in audit] == [str(message_id)]

    missing = await client.post("/v1/ops/webhooks/messages/999999/replay", headers=headers)
    assert missing.status_code == 404
    assert missing.json()["type"].endswith("/webhook-message-not-found")


async def test_replay_range_resends_each_message_in_the_range_once(client, partner):
    await configure_partner(partner.url)
    old = await send_booking(key="old")
    recent = [await send_booking(key=f"recent-{n}") for n in range(3)]
    await drain()
    week_ago = dt.datetime.now(dt.UTC) - dt.timedelta(days=7)
    await WebhookMessage.update({WebhookMessage.created_at: week_ago}).where(
        WebhookMessage.id == old)
    headers = await admin(client)
    since = (dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)).isoformat()
    until = (dt.datetime.now(dt.UTC) + dt.timedelta(minutes=1)).isoformat()

    response = await client.post("/v1/ops/webhooks/replay", headers=headers,
                                 json={"partner": "vnpost", "since": since, "until": until})
    assert response.status_code == 202 and sorted(response.json()["queued"]) == sorted(recent)
    await drain()

    replayed = partner.ids[4:]
    assert sorted(replayed) == sorted([(await message(m))["msg_id"] for m in recent])
    assert (await message(old))["msg_id"] not in replayed
    assert partner.bad_signatures == []

    backwards = await client.post("/v1/ops/webhooks/replay", headers=headers,
                                  json={"partner": "vnpost", "since": until, "until": since})
    assert backwards.status_code == 422
    unknown = await client.post("/v1/ops/webhooks/replay", headers=headers,
                                json={"partner": "nobody", "since": since, "until": until})
    assert unknown.status_code == 404
    assert len(partner.received) == 7  # refused requests sent nothing


async def test_operator_sees_the_failing_endpoint_and_undelivered_messages_first(client, partner):
    await configure_partner(partner.url)
    delivered = await send_booking(key="fine")
    await drain()
    partner.script(410)
    gone = await send_booking(key="gone")
    await drain()
    waiting = await send_booking(key="waiting")
    await drain()
    headers = await admin(client)

    listed = (await client.get("/v1/ops/webhooks/endpoints", headers=headers)).json()["items"]
    [ep] = [item for item in listed if item["partner"] == "vnpost"]
    assert ep["status"] == "disabled" and ep["undelivered"] == 2
    assert ep["last_attempt"]["status_code"] == 410

    items = (await client.get("/v1/ops/webhooks/messages?partner=vnpost",
                              headers=headers)).json()["items"]
    assert [i["id"] for i in items] == [waiting, gone, delivered]
    assert [a["status_code"] for a in items[1]["attempts"]] == [410]
    assert items[1]["attempts"][0]["latency_ms"] >= 0
    only_dead = (await client.get("/v1/ops/webhooks/messages?state=dead", headers=headers)).json()
    assert [i["id"] for i in only_dead["items"]] == [gone]

    enabled = await client.post("/v1/ops/webhooks/endpoints/vnpost/enable", headers=headers)
    assert enabled.status_code == 200 and enabled.json()["requeued"] == 1
    await drain()
    assert (await message(waiting))["state"] == "delivered"
    assert await AuditEvent.count().where(AuditEvent.action == "webhook.endpoint_enable") == 1


async def test_only_admins_reach_the_operator_paths(client, partner):
    await configure_partner(partner.url)
    message_id = await send_booking()
    await drain()
    for role, agency in (("citizen", None), ("officer", AGENCY)):
        headers = await sign_in(client, role=role, agency_unit_code=agency)
        assert (await client.get("/v1/ops/webhooks/endpoints", headers=headers)).status_code == 403
        replay = await client.post(f"/v1/ops/webhooks/messages/{message_id}/replay",
                                   headers=headers)
        assert replay.status_code == 403
    assert (await client.get("/v1/ops/webhooks/messages")).status_code == 401
    await drain()
    assert len(partner.received) == 1
