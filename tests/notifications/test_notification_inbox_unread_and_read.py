"""The inbox lists newest first in pages, counts what is unread, and marks one read."""

from tests.dossier_factories import (
    JUDICIAL,
    citizen_headers,
    submitted_dossier,
)
from tests.notification_support import asked_for_documents, settle


async def test_unread_count_pages_and_read(client):
    citizen = await citizen_headers(client)
    await asked_for_documents(client, citizen)

    whole = (await client.get("/v1/notifications", headers=citizen)).json()
    total = len(whole["items"])
    assert total == 3 and whole["unread_count"] == total
    first = (await client.get("/v1/notifications?limit=1", headers=citizen)).json()
    assert first["items"][0]["id"] == whole["items"][0]["id"]
    rest = (await client.get(f"/v1/notifications?limit=100&cursor={first['next_cursor']}",
                             headers=citizen)).json()
    assert [i["id"] for i in rest["items"]] == [i["id"] for i in whole["items"][1:]]

    target = whole["items"][0]["id"]
    read = await client.post(f"/v1/notifications/{target}/read", headers=citizen)
    assert read.status_code == 200 and read.json()["unread_count"] == total - 1
    again = await client.post(f"/v1/notifications/{target}/read", headers=citizen)
    assert again.json()["unread_count"] == total - 1
    after = (await client.get("/v1/notifications", headers=citizen)).json()
    assert after["items"][0]["read"] is True and after["unread_count"] == total - 1


async def test_reading_another_citizens_notification_is_not_found(client):
    citizen, stranger = await citizen_headers(client), await citizen_headers(client)
    await submitted_dossier(client, citizen, JUDICIAL)
    await settle(client)
    mine = (await client.get("/v1/notifications", headers=citizen)).json()["items"][0]["id"]
    answer = await client.post(f"/v1/notifications/{mine}/read", headers=stranger)
    assert answer.status_code == 404
    assert (await client.get("/v1/notifications", headers=citizen)).json()["unread_count"] == 1


async def test_a_bad_cursor_is_a_problem(client):
    citizen = await citizen_headers(client)
    answer = await client.get("/v1/notifications?cursor=nonsense", headers=citizen)
    assert answer.status_code == 422
    assert answer.headers["content-type"].startswith("application/problem+json")
