"""A second citizen and an officer of another agency get 404 on every path of a citizen's
dossier, and never see it in a list."""

from __future__ import annotations

from tests.dossier_factories import (
    JUDICIAL,
    PDF,
    act,
    citizen_headers,
    officer_headers,
    submitted_dossier,
)


async def _every_path(client, headers, dossier_id: str) -> dict[str, int]:
    base = f"/v1/dossiers/{dossier_id}"
    calls = {
        "detail": client.get(base, headers=headers),
        "history": client.get(f"{base}/history", headers=headers),
        "patch": client.patch(base, json={"form_data": {}}, headers=headers),
        "submit": client.post(f"{base}/submit", json={}, headers=headers),
        "withdraw": client.post(f"{base}/withdraw", json={}, headers=headers),
        "supplement": client.post(f"{base}/supplement", json={}, headers=headers),
        "attachments": client.get(f"{base}/attachments", headers=headers),
        "upload": client.post(f"{base}/attachments", headers=headers, data={"slot": "x"},
                              files={"file": ("a.pdf", PDF, "application/pdf")}),
        "result": client.get(f"{base}/results/1", headers=headers),
    }
    return {name: (await call).status_code for name, call in calls.items()}


async def test_other_people_get_not_found_everywhere(client):
    owner = await citizen_headers(client)
    dossier = await submitted_dossier(client, owner, JUDICIAL)
    stranger = await citizen_headers(client)
    other_officer = await officer_headers(client, unit_code="000.00.05.H17")

    for headers in (stranger, other_officer):
        statuses = await _every_path(client, headers, dossier["id"])
        assert set(statuses.values()) == {404}, statuses
        listed = await client.get("/v1/dossiers", headers=headers)
        assert listed.status_code == 200 and listed.json()["items"] == []

    base = f"/v1/officer/dossiers/{dossier['id']}"
    assert (await client.get(base, headers=other_officer)).status_code == 404
    assert (await act(client, other_officer, dossier["id"], "receive")).status_code == 404
    queue = await client.get("/v1/officer/dossiers", headers=other_officer)
    assert queue.json()["items"] == []
    # A citizen is not an officer at all.
    assert (await client.get(base, headers=stranger)).status_code == 403

    # Nothing changed for the owner.
    seen = await client.get(f"/v1/dossiers/{dossier['id']}", headers=owner)
    assert seen.status_code == 200 and seen.json()["state"] == "submitted"
