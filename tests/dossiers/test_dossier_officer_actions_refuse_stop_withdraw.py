"""Closing a dossier: refusal and stop need a reason; a citizen withdraws until a result exists;
a closed dossier takes no further action."""

from __future__ import annotations

from tests.dossier_factories import (
    BIRTH,
    act,
    citizen_headers,
    officer_headers,
    submitted_dossier,
)


async def test_refusal_needs_a_reason_and_is_final(client):
    citizen = await citizen_headers(client)
    officer = await officer_headers(client, BIRTH)
    dossier = await submitted_dossier(client, citizen, BIRTH)
    bare = await act(client, officer, dossier["id"], "refuse")
    assert bare.status_code == 422 and bare.json()["errors"][0]["pointer"] == "/reason"
    refused = await act(client, officer, dossier["id"], "refuse", reason="Sai thẩm quyền")
    assert refused.status_code == 200 and refused.json()["status_code"] == 3
    again = await act(client, officer, dossier["id"], "receive")
    assert again.status_code == 409
    problem = again.json()
    assert problem["type"].endswith("/action-not-allowed-in-state")
    assert problem["state"] == "refused" and problem["allowed_actions"] == []
    history = (await client.get(f"/v1/dossiers/{dossier['id']}/history", headers=citizen)).json()
    assert history["items"][-1]["note"] == "Sai thẩm quyền"


async def test_stop_needs_a_reason(client):
    citizen = await citizen_headers(client)
    officer = await officer_headers(client, BIRTH)
    dossier = await submitted_dossier(client, citizen, BIRTH)
    assert (await act(client, officer, dossier["id"], "receive")).status_code == 200
    assert (await act(client, officer, dossier["id"], "stop", reason=" ")).status_code == 422
    stopped = await act(client, officer, dossier["id"], "stop", reason="Người yêu cầu đã mất")
    assert stopped.status_code == 200 and stopped.json()["status_code"] == 8
    seen = (await client.get(f"/v1/dossiers/{dossier['id']}", headers=citizen)).json()
    assert seen["expected_action"]["action"] == "none"


async def test_withdrawal_until_a_result_exists(client):
    citizen = await citizen_headers(client)
    officer = await officer_headers(client, BIRTH)
    early = await submitted_dossier(client, citizen, BIRTH)
    gone = await client.post(f"/v1/dossiers/{early['id']}/withdraw",
                             json={"reason": "Nộp nhầm"}, headers=citizen)
    assert gone.status_code == 200 and gone.json()["status_code"] == 7

    late = await submitted_dossier(client, citizen, BIRTH, result_delivery="postal")
    for action in ("receive", "process"):
        assert (await act(client, officer, late["id"], action)).status_code == 200
    assert (await act(client, officer, late["id"], "finish",
                      result={"kind": "paper"})).status_code == 200
    refused = await client.post(f"/v1/dossiers/{late['id']}/withdraw", json={}, headers=citizen)
    assert refused.status_code == 409
    assert refused.json()["state"] == "result_ready"
    seen = (await client.get(f"/v1/dossiers/{late['id']}", headers=citizen)).json()
    assert seen["status_code"] == 9 and seen["expected_action"]["action"] == "wait"
