"""A phone that lost the answer to "submit" and retries with the same Idempotency-Key gets the same
dossier code back, and the dossier is submitted once. Without the key the retry would be refused
(the dossier is no longer a draft), which is what the citizen would see on a flaky network."""

from __future__ import annotations

from tests.dossier_factories import JUDICIAL, citizen_headers, filled_draft

PROBLEMS = "https://motcua.gov.vn/problems/"


async def test_submit_retry_replays_the_first_answer(client):
    citizen = await citizen_headers(client)
    dossier = await filled_draft(client, citizen, JUDICIAL)
    url = f"/v1/dossiers/{dossier['id']}/submit"
    keyed = {**citizen, "Idempotency-Key": '"0f8e2c9a-submit"'}

    first = await client.post(url, json={}, headers=keyed)
    history = (await client.get(f"/v1/dossiers/{dossier['id']}/history", headers=citizen)).json()
    bare = {**citizen, "Idempotency-Key": "0f8e2c9a-submit"}
    retry = await client.post(url, json={}, headers=bare)
    history_after = (await client.get(f"/v1/dossiers/{dossier['id']}/history",
                                      headers=citizen)).json()
    other_body = await client.post(url, json={"result_delivery": "post"}, headers=keyed)
    unkeyed = await client.post(url, json={}, headers=citizen)

    assert first.status_code == 200, first.text
    assert retry.status_code == 200 and retry.headers["idempotent-replayed"] == "true"
    assert retry.json()["code"] == first.json()["code"]
    assert history_after == history  # submitted once
    assert other_body.status_code == 422
    assert other_body.json()["type"] == PROBLEMS + "idempotency-key-reused"
    assert unkeyed.status_code == 409, unkeyed.text
    assert unkeyed.json()["type"] == PROBLEMS + "action-not-allowed-in-state"


async def test_submit_documents_the_key_in_the_served_openapi(client):
    schema = (await client.get("/schema/openapi.json")).json()
    submit = schema["paths"]["/v1/dossiers/{dossier_id}/submit"]["post"]
    assert "Idempotency-Key" in [p["name"] for p in submit["parameters"] if p["in"] == "header"]
