"""An officer receives a dossier: its owner gets one inbox entry and one push on each active
phone — exactly once, even when the consumer and push jobs run again."""

import pytest

from notifications.providers import sandbox
from tests.dossier_factories import (
    JUDICIAL,
    act,
    citizen_headers,
    officer_headers,
    submitted_dossier,
)
from tests.notification_support import applicant, inbox_rows, pushes, register, run_again, settle

pytestmark = pytest.mark.usefixtures("clean_push_sandbox")


async def test_receive_reaches_every_active_phone_once(client):
    citizen = await citizen_headers(client)
    android = await register(client, citizen, platform="fcm")
    iphone = await register(client, citizen, platform="apns")
    old = await register(client, citizen, platform="fcm")
    assert (await client.delete(f"/v1/devices/{old['id']}", headers=citizen)).status_code == 204
    dossier = await submitted_dossier(client, citizen, JUDICIAL)
    await settle(client)
    sandbox.clear()  # the submission notice is not what this test is about

    officer = await officer_headers(client, JUDICIAL)
    assert (await act(client, officer, dossier["id"], "receive")).status_code == 200
    await settle(client)

    person = await applicant(dossier["id"])
    received = [row for row in await inbox_rows(person) if row["kind"] == "received"]
    assert len(received) == 1
    assert dossier["code"] in received[0]["title"]
    for device in (android, iphone):
        sent = pushes(device["id"])
        assert [push.message.kind for push in sent] == ["received"]
        assert dossier["code"] in sent[0].message.body
    assert pushes(old["id"]) == []

    await run_again("dossier.received")
    await settle(client)
    assert len([r for r in await inbox_rows(person) if r["kind"] == "received"]) == 1
    assert len(pushes(android["id"])) == 1 and len(pushes(iphone["id"])) == 1


async def test_another_citizen_hears_nothing(client):
    citizen = await citizen_headers(client)
    other = await citizen_headers(client)
    phone = await register(client, other)
    dossier = await submitted_dossier(client, citizen, JUDICIAL)
    officer = await officer_headers(client, JUDICIAL)
    assert (await act(client, officer, dossier["id"], "receive")).status_code == 200
    await settle(client)
    assert pushes(phone["id"]) == []
    listing = (await client.get("/v1/notifications", headers=other)).json()
    assert listing["items"] == [] and listing["unread_count"] == 0
