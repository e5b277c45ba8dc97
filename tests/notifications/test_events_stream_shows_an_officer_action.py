"""The whole path in embedded mode: an officer receives a dossier, and the owner's open event
stream shows it (the notification consumer publishes after commit); another citizen's does not."""

from __future__ import annotations

from auth_helpers import sign_in_tokens
from live_support import EventStream, serving

from tests.dossier_factories import (
    JUDICIAL,
    act,
    demo_catalogue,
    officer_headers,
    submitted_dossier,
)


async def test_officer_receiving_a_dossier_reaches_the_owners_stream(client, settings):
    await demo_catalogue()
    owner = await sign_in_tokens(client)
    other = await sign_in_tokens(client)
    owner_headers = {"Authorization": f"Bearer {owner.access_token}"}
    dossier = await submitted_dossier(client, owner_headers, JUDICIAL)
    officer = await officer_headers(client, JUDICIAL)
    async with serving(settings) as base_url:
        async with (
            EventStream.open(base_url, owner_headers) as mine,
            EventStream.open(base_url, {"Authorization": f"Bearer {other.access_token}"}) as theirs,
        ):
            assert (await act(client, officer, dossier["id"], "receive")).status_code == 200
            while (got := await mine.next_event()).event != "received":
                pass  # the submission's own notice may still be on its way
            body = got.json()
            assert body["dossier_id"] == dossier["id"] and body["code"] == dossier["code"]
            assert dossier["code"] in body["title"] + body["body"]
            listing = (await client.get("/v1/notifications", headers=owner_headers)).json()
            assert got.id in {item["id"] for item in listing["items"]}

            # The other citizen's stream: their own next event, nothing of the owner's.
            from notifications.live import publish_to_person

            await publish_to_person(other.person_id, {"id": "marker", "kind": "received"})
            assert (await theirs.next_event()).id == "marker"
