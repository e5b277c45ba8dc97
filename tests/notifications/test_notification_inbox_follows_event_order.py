"""The inbox lists a dossier's notices in the order its events happened, whatever order the job
runners record them in (two workers may take two events' rows at once; the later event's notice
can be written first)."""

import datetime as dt

import pytest

from core.db import transaction
from jobs.publish import publish
from models.notifications import Notification, PushDelivery
from notifications import consumer
from tests.dossier_factories import (
    JUDICIAL,
    citizen_headers,
    submitted_dossier,
)
from tests.notification_support import applicant, asked_for_documents, consumer_payloads, settle

pytestmark = pytest.mark.usefixtures("clean_push_sandbox")


async def test_notices_recorded_out_of_order_are_listed_in_event_order(client):
    citizen = await citizen_headers(client)
    dossier = await asked_for_documents(client, citizen)
    person = await applicant(dossier["id"])
    # Forget the notices and record them again, newest event first, as racing workers may.
    mine = await Notification.select(Notification.id).where(Notification.person == person)
    await PushDelivery.delete().where(PushDelivery.notification.is_in([r["id"] for r in mine]))
    await Notification.delete().where(Notification.person == person)
    for topic in ("dossier.supplement_requested", "dossier.received", "dossier.submitted"):
        (payload,) = [p for p in await consumer_payloads(topic)
                      if p["dossier_id"] == dossier["id"]]
        await consumer.handle(payload)

    inbox = (await client.get("/v1/notifications", headers=citizen)).json()["items"]
    assert [item["kind"] for item in inbox] == ["supplement_requested", "received", "submitted"]


async def test_a_notice_without_an_event_time_is_dated_when_recorded(client):
    citizen = await citizen_headers(client)
    dossier = await submitted_dossier(client, citizen, JUDICIAL)
    await settle(client)
    await consumer.handle({"topic": "delivery.booked", "dossier_id": dossier["id"],
                           "booking_id": "b1", "state": "booked"})
    inbox = (await client.get("/v1/notifications", headers=citizen)).json()["items"]
    assert [item["kind"] for item in inbox] == ["delivery_booked", "submitted"]


def test_event_time_is_read_from_the_payload_only_when_it_is_a_moment():
    assert consumer.occurred_at({"at": "2026-12-03T08:00:00+07:00"}).isoformat() == (
        "2026-12-03T01:00:00+00:00")
    for payload in ({}, {"at": None}, {"at": "yesterday"}, {"at": "2026-12-03T08:00:00"}):
        assert consumer.occurred_at(payload) is None


async def test_every_published_event_says_when_it_happened(client):
    citizen = await citizen_headers(client)
    dossier = await submitted_dossier(client, citizen, JUDICIAL)
    before = dt.datetime.now(dt.UTC)
    async with transaction():
        await publish("delivery.booked", {"dossier_id": dossier["id"], "booking_id": "b2",
                                          "state": "booked"}, event_key="b2:1")
        await publish("delivery.booked", {"dossier_id": dossier["id"], "booking_id": "b3",
                                          "at": "2026-12-01T03:00:00+00:00"}, event_key="b3:1")
    (stamped,) = [p for p in await consumer_payloads("delivery.booked") if p["booking_id"] == "b2"]
    assert before <= dt.datetime.fromisoformat(stamped["at"]) <= dt.datetime.now(dt.UTC)
    (given,) = [p for p in await consumer_payloads("delivery.booked") if p["booking_id"] == "b3"]
    assert given["at"] == "2026-12-01T03:00:00+00:00"
