"""The service's level decides the path (Decree 42/2022 Art. 11): a full-process dossier is paid
online before processing continues and never returns its result at the counter; a partial one
states its offline steps and refuses online steps it does not have."""

from __future__ import annotations

from tests.dossier_factories import (
    CERTIFY,
    JUDICIAL,
    act,
    citizen_headers,
    filled_draft,
    officer_headers,
    submitted_dossier,
)


async def test_full_process_unpaid_fee_blocks_processing(client):
    citizen = await citizen_headers(client)
    officer = await officer_headers(client, JUDICIAL)
    dossier = await submitted_dossier(client, citizen, JUDICIAL)
    assert (await act(client, officer, dossier["id"], "receive")).status_code == 200
    blocked = await act(client, officer, dossier["id"], "process")
    assert blocked.status_code == 409
    assert blocked.json()["type"].endswith("/fee-not-paid-online")
    counter = await act(client, officer, dossier["id"], "request_payment",
                        payment_channel="counter")
    assert counter.status_code == 409
    assert counter.json()["type"].endswith("/full-process-step-online-only")
    asked = await act(client, officer, dossier["id"], "request_payment")
    assert asked.status_code == 200 and asked.json()["status_code"] == 6
    marked = await act(client, officer, dossier["id"], "mark_paid")
    assert marked.status_code == 409
    assert marked.json()["type"].endswith("/full-process-step-online-only")


async def test_full_process_result_never_in_person(client):
    citizen = await citizen_headers(client)
    body = await filled_draft(client, citizen, JUDICIAL)
    answer = await client.post(f"/v1/dossiers/{body['id']}/submit",
                               json={"result_delivery": "in_person"}, headers=citizen)
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["pointer"] == "/result_delivery"


async def test_partial_service_states_offline_steps_and_refuses_online_ones(client):
    citizen = await citizen_headers(client)
    officer = await officer_headers(client, CERTIFY)
    body = await filled_draft(client, citizen, CERTIFY)
    electronic = await client.post(f"/v1/dossiers/{body['id']}/submit",
                                   json={"result_delivery": "electronic"}, headers=citizen)
    assert electronic.status_code == 409
    assert electronic.json()["type"].endswith("/step-not-offered-online")
    assert electronic.json()["reason_vi"]

    submitted = await client.post(f"/v1/dossiers/{body['id']}/submit", json={},
                                  headers=citizen)
    assert submitted.status_code == 200, submitted.text
    answer = submitted.json()
    assert answer["fee_due"] == 2000 and answer["result_delivery"] == "in_person"
    steps = [step["step"] for step in answer["offline_steps"]]
    assert steps == ["bring_original", "pay_at_counter", "collect_in_person"]
    assert all(step["reason_vi"] for step in answer["offline_steps"])

    assert (await act(client, officer, body["id"], "receive")).status_code == 200
    online = await act(client, officer, body["id"], "request_payment", payment_channel="online")
    assert online.status_code == 409
    assert online.json()["type"].endswith("/step-not-offered-online")
    at_counter = await act(client, officer, body["id"], "request_payment")
    assert at_counter.status_code == 200
    seen = (await client.get(f"/v1/dossiers/{body['id']}", headers=citizen)).json()
    assert seen["expected_action"]["action"] == "pay"
    paid = await act(client, officer, body["id"], "mark_paid")
    assert paid.status_code == 200 and paid.json()["state"] == "processing"
    assert paid.json()["paid_online"] is False
    result = await act(client, officer, body["id"], "finish", result={"kind": "electronic"})
    assert result.status_code == 409
    assert result.json()["type"].endswith("/step-not-offered-online")
    paper = await act(client, officer, body["id"], "finish", result={"kind": "paper"})
    assert paper.status_code == 200
    seen = (await client.get(f"/v1/dossiers/{body['id']}", headers=citizen)).json()
    assert seen["expected_action"]["action"] == "collect"
