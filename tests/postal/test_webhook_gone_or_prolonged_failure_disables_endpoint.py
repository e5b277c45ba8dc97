"""A partner answering 410 Gone, or failing for too long, gets its endpoint disabled with an
operator alert; what is sent meanwhile waits (not lost) and goes out when the endpoint is
enabled."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from models.jobs import OutboxEvent
from models.webhooks import WebhookEndpoint, WebhookMessage
from postal.webhooks import replay
from tests.webhook_helpers import (
    SECRET,
    attempts,
    configure_partner,
    drain,
    endpoint,
    message,
    send_booking,
)
from tests.webhook_partner import PartnerServer


@pytest.fixture
def partner():
    server = PartnerServer(SECRET).start()
    yield server
    server.stop()


async def alerts() -> list[dict]:
    return await OutboxEvent.select().where(OutboxEvent.job == "ops.webhook_alert")


async def test_410_disables_the_endpoint_alerts_once_and_stops_sending(db, partner):
    await configure_partner(partner.url)
    partner.script(410)
    gone = await send_booking(key="b-1")
    await drain(times=3)

    assert len(partner.received) == 1  # no retry after 410
    assert (await message(gone))["state"] == "dead"
    ep = await endpoint()
    assert ep["enabled"] == "n" and "410" in ep["disabled_reason"] and ep["disabled_at"]
    [alert] = await alerts()
    payload = alert["payload"]
    payload = json.loads(payload) if isinstance(payload, str) else payload
    assert payload["partner"] == "vnpost" and payload["topic"] == "ops.webhook_endpoint_disabled"
    assert alert["status"] == "done"

    waiting = await send_booking(key="b-2")
    await drain(times=2)
    assert len(partner.received) == 1  # nothing goes to a disabled endpoint
    assert (await message(waiting))["state"] == "failed"

    assert await replay.enable("vnpost", actor="test") == 1
    await drain()
    assert (await message(waiting))["state"] == "delivered"
    assert (await message(gone))["state"] == "dead"  # a refused message is replayed only on purpose
    assert partner.ids[1] == (await message(waiting))["msg_id"]
    assert len(await alerts()) == 1
    assert partner.bad_signatures == []


async def test_failing_for_more_than_a_day_disables_the_endpoint(db, partner):
    await configure_partner(partner.url)
    day_ago = dt.datetime.now(dt.UTC) - dt.timedelta(hours=25)
    await WebhookEndpoint.update({WebhookEndpoint.failing_since: day_ago}).where(
        WebhookEndpoint.partner == "vnpost")
    partner.script(500)
    message_id = await send_booking()
    await drain(times=2)

    ep = await endpoint()
    assert ep["enabled"] == "n" and ep["disabled_reason"] == "failing for too long"
    assert (await message(message_id))["state"] == "failed"
    assert len(partner.received) == 1 and len(await alerts()) == 1


async def test_exhausted_schedule_disables_the_endpoint_and_keeps_the_message(db, partner):
    await configure_partner(partner.url)
    partner.script(*([500] * 10))
    message_id = await send_booking()
    await drain(times=10)  # every scheduled retry made due at once

    log = await attempts(message_id)
    assert [a["status_code"] for a in log] == [500] * 8  # immediately + the 7 scheduled retries
    assert len(set(partner.ids)) == 1
    assert (await endpoint())["enabled"] == "n"
    assert (await message(message_id))["state"] == "failed"

    partner.script()  # the partner is fixed
    await replay.enable("vnpost", actor="test")
    await drain()
    row = await WebhookMessage.select().where(WebhookMessage.id == message_id).first()
    assert row["state"] == "delivered" and row["attempts"] == 9
    assert partner.bad_signatures == []
