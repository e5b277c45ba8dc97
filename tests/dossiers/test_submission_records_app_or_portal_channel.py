"""A citizen's online submission records where it came from: the mobile app by default, the web
portal when the client says so; both are the national channel 2 (online)."""

from __future__ import annotations

from models.dossiers import Dossier
from tests.dossier_factories import BIRTH, citizen_headers, filled_draft


async def test_app_by_default_portal_when_said(client):
    citizen = await citizen_headers(client)
    channels = {}
    for sent in ({}, {"channel": "portal"}):
        draft = await filled_draft(client, citizen, BIRTH)
        answer = await client.post(f"/v1/dossiers/{draft['id']}/submit", json=sent,
                                   headers=citizen)
        assert answer.status_code == 200, answer.text
        detail = (await client.get(f"/v1/dossiers/{draft['id']}", headers=citizen)).json()
        channels[sent.get("channel", "default")] = detail["channel"]
        row = await Dossier.select(Dossier.submission_channel).where(
            Dossier.id == draft["id"]).first()
        assert row["submission_channel"] == 2
    assert channels == {"default": "app", "portal": "portal"}
    draft = await filled_draft(client, citizen, BIRTH)
    counter = await client.post(f"/v1/dossiers/{draft['id']}/submit",
                                json={"channel": "counter"}, headers=citizen)
    assert counter.status_code == 422
