"""Registering a phone twice is one device; a token that changes hands moves to its new owner;
nobody can remove another citizen's phone; the token never comes back in a response."""

from models.notifications import Device
from tests.dossier_factories import citizen_headers
from tests.notification_support import register


async def test_same_token_registers_once_and_reactivates(client):
    citizen = await citizen_headers(client)
    body = {"platform": "fcm", "token": "tok-" + "a" * 40, "app_version": "1.0", "locale": "vi"}
    first = await client.post("/v1/devices", headers=citizen, json=body)
    assert first.status_code == 201
    assert "token" not in first.json()
    removed = await client.delete(f"/v1/devices/{first.json()['id']}", headers=citizen)
    assert removed.status_code == 204
    again = await client.post("/v1/devices", headers=citizen,
                              json={**body, "app_version": "1.1", "locale": "en"})
    assert again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    assert again.json()["active"] is True and again.json()["locale"] == "en"
    assert await Device.count() == 1


async def test_token_moves_to_the_person_who_registers_it(client):
    first, second = await citizen_headers(client), await citizen_headers(client)
    device = await register(client, first, token="shared-" + "b" * 40)
    moved = await register(client, second, token="shared-" + "b" * 40)
    assert moved["id"] == device["id"]
    # The first owner no longer has it: removing it is "not found" for them.
    assert (await client.delete(f"/v1/devices/{device['id']}", headers=first)).status_code == 404
    assert (await client.delete(f"/v1/devices/{device['id']}", headers=second)).status_code == 204


async def test_removing_another_citizens_phone_is_not_found(client):
    owner, stranger = await citizen_headers(client), await citizen_headers(client)
    device = await register(client, owner)
    answer = await client.delete(f"/v1/devices/{device['id']}", headers=stranger)
    assert answer.status_code == 404
    assert answer.headers["content-type"].startswith("application/problem+json")
    row = await Device.select(Device.active).where(Device.id == device["id"]).first()
    assert row["active"] is True


async def test_unknown_platform_is_refused(client):
    citizen = await citizen_headers(client)
    answer = await client.post("/v1/devices", headers=citizen,
                               json={"platform": "sms", "token": "x" * 20})
    assert answer.status_code in (400, 422)
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert await Device.count() == 0
