"""A booking webhook reaches the partner signed, is retried after a 500 or a timeout until the
partner acknowledges it, is sent under one webhook-id every time, and is never sent again once
acknowledged."""

from __future__ import annotations

import datetime as dt

import pytest

from postal.webhooks import delivery
from tests.webhook_helpers import (
    SECRET,
    attempts,
    configure_partner,
    delivery_rows,
    drain,
    message,
    runner,
    send_booking,
)
from tests.webhook_partner import PartnerServer


@pytest.fixture
def partner():
    server = PartnerServer(SECRET).start()
    yield server
    server.stop()


async def test_500_then_200_is_delivered_once_under_one_webhook_id(db, partner):
    await configure_partner(partner.url)
    partner.script(500)
    message_id = await send_booking()

    await drain(times=3)

    assert partner.bad_signatures == []
    assert len(partner.received) == 2
    assert partner.ids[0] == partner.ids[1] == (await message(message_id))["msg_id"]
    assert partner.received[0].body["data"]["booking_id"] == "booking-1"
    assert partner.received[0].body["type"] == "booking.requested"
    row = await message(message_id)
    assert row["state"] == "delivered" and row["attempts"] == 2
    log = await attempts(message_id)
    assert [a["status_code"] for a in log] == [500, 200]
    assert all(a["latency_ms"] >= 0 for a in log)
    excerpt = log[0]["response_excerpt"]
    assert "[phone]" in excerpt and "0912345678" not in excerpt
    assert [r["status"] for r in await delivery_rows()] == ["done"]


async def test_sending_the_same_occurrence_twice_records_one_message(db, partner):
    await configure_partner(partner.url)
    first = await send_booking(key="booking-7")
    from core.db import transaction
    from postal import webhooks

    async with transaction():
        again = await webhooks.send("vnpost", "booking.requested", {}, dedup_key="booking-7")
    assert again is None
    await drain()
    assert len(partner.received) == 1 and (await message(first))["state"] == "delivered"


async def test_timeout_then_200_is_retried_and_delivered(db, partner, monkeypatch):
    monkeypatch.setattr(delivery, "TIMEOUT_SECONDS", 0.3)
    await configure_partner(partner.url)
    partner.script(("sleep", 1.0))
    message_id = await send_booking()

    await drain(times=3)

    log = await attempts(message_id)
    assert [(a["status_code"], a["error"]) for a in log] == [(None, "timeout"), (200, "")]
    assert (await message(message_id))["state"] == "delivered"
    assert len(set(partner.ids)) == 1 and partner.bad_signatures == []


async def test_429_retry_after_schedules_the_next_attempt_that_late(db, partner):
    await configure_partner(partner.url)
    partner.script((429, {"Retry-After": "7"}))
    message_id = await send_booking()
    before = dt.datetime.now(dt.UTC)

    assert await runner().drain_once() == 1

    [row] = await delivery_rows()
    assert row["status"] == "pending"
    assert row["available_at"] >= before + dt.timedelta(seconds=7)
    assert row["available_at"] <= before + dt.timedelta(seconds=60)  # the hint, not the schedule
    assert await runner().drain_once() == 0  # not due yet: nothing is sent early
    assert len(partner.received) == 1
    assert (await message(message_id))["next_at"] >= before + dt.timedelta(seconds=7)


async def test_acknowledged_message_is_not_sent_again_by_a_stray_retry(db, partner):
    await configure_partner(partner.url)
    message_id = await send_booking()
    await drain()
    # A second copy of the delivery job for the same round (e.g. a duplicate wake) finds the
    # message acknowledged and sends nothing.
    await delivery.deliver({"message_id": message_id})
    assert len(partner.received) == 1
    assert len(await attempts(message_id)) == 1
