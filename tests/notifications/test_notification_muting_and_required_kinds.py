"""A muted kind still lands in the inbox but silences the phone; legally required notices cannot
be muted (422) and are always pushed."""

import pytest

from tests.dossier_factories import (
    citizen_headers,
)
from tests.notification_support import (
    applicant,
    asked_for_documents,
    inbox_rows,
    pushes,
    register,
)

pytestmark = pytest.mark.usefixtures("clean_push_sandbox")


async def test_preferences_list_every_kind_and_which_are_mutable(client):
    citizen = await citizen_headers(client)
    listed = (await client.get("/v1/me/notification-preferences", headers=citizen)).json()
    by_kind = {p["kind"]: p for p in listed["preferences"]}
    for required in ("supplement_requested", "refused", "stopped", "apology"):
        assert by_kind[required]["mutable"] is False
    assert by_kind["received"] == {"kind": "received", "muted": False, "mutable": True}


async def test_required_kind_cannot_be_muted(client):
    citizen = await citizen_headers(client)
    answer = await client.put("/v1/me/notification-preferences", headers=citizen, json={
        "preferences": [{"kind": "received", "muted": True},
                        {"kind": "supplement_requested", "muted": True}]})
    assert answer.status_code == 422
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert answer.json()["type"].endswith("/validation-failed")
    listed = (await client.get("/v1/me/notification-preferences", headers=citizen)).json()
    assert not any(p["muted"] for p in listed["preferences"])  # all or nothing


async def test_muted_kind_goes_to_inbox_only_required_kind_is_pushed(client):
    citizen = await citizen_headers(client)
    phone = await register(client, citizen)
    muted = await client.put("/v1/me/notification-preferences", headers=citizen,
                             json={"preferences": [{"kind": "received", "muted": True}]})
    assert muted.status_code == 200
    assert {p["kind"]: p["muted"] for p in muted.json()["preferences"]}["received"] is True
    dossier = await asked_for_documents(client, citizen)

    kinds_pushed = [push.message.kind for push in pushes(phone["id"])]
    assert "received" not in kinds_pushed
    assert "supplement_requested" in kinds_pushed
    inbox = [row["kind"] for row in await inbox_rows(await applicant(dossier["id"]))]
    assert "received" in inbox and "supplement_requested" in inbox
