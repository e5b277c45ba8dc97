"""Wrong input gets a problem with a stable type that points at what is wrong, and changes
nothing."""

from __future__ import annotations

from tests.dossier_factories import (
    BIRTH,
    JUDICIAL,
    act,
    citizen_headers,
    draft,
    officer_headers,
    submitted_dossier,
)


async def test_unknown_service_is_refused(client):
    citizen = await citizen_headers(client)
    answer = await client.post("/v1/dossiers", json={"service_code": "XX.00.999"},
                               headers=citizen)
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["pointer"] == "/service_code"
    assert (await client.get("/v1/dossiers", headers=citizen)).json()["items"] == []


async def test_wrong_form_data_points_at_the_field(client):
    citizen = await citizen_headers(client)
    body = await draft(client, citizen, BIRTH, form={"tre_ho_ten": "Khôi"})
    wrong = await client.patch(f"/v1/dossiers/{body['id']}", headers=citizen, json={
        "form_data": {"tre_ngay_sinh": "31/12/2026", "tre_gioi_tinh": "X"}})
    assert wrong.status_code == 422
    assert wrong.json()["type"].endswith("/validation-failed")
    pointers = [error["pointer"] for error in wrong.json()["errors"]]
    assert pointers == ["/form_data/tre_gioi_tinh", "/form_data/tre_ngay_sinh"]
    seen = (await client.get(f"/v1/dossiers/{body['id']}", headers=citizen)).json()
    assert seen["form_data"] == {"tre_ho_ten": "Khôi"}

    # Submission checks the whole form: missing required fields point at themselves.
    incomplete = await client.post(f"/v1/dossiers/{body['id']}/submit", json={},
                                   headers=citizen)
    assert incomplete.status_code == 422
    pointers = {error["pointer"] for error in incomplete.json()["errors"]}
    assert "/form_data/me_ho_ten" in pointers and "/form_data/tre_ho_ten" not in pointers
    seen = (await client.get(f"/v1/dossiers/{body['id']}", headers=citizen)).json()
    assert seen["state"] == "draft" and seen["code"] is None


async def test_merge_patch_removes_a_field_with_null(client):
    citizen = await citizen_headers(client)
    body = await draft(client, citizen, BIRTH, form={"tre_ho_ten": "Khôi", "que_quan": "Huế"})
    patched = await client.patch(f"/v1/dossiers/{body['id']}", headers=citizen,
                                 json={"form_data": {"que_quan": None, "dan_toc": "Kinh"}})
    assert patched.json()["form_data"] == {"tre_ho_ten": "Khôi", "dan_toc": "Kinh"}


async def test_submit_without_mandatory_document_names_it(client):
    citizen = await citizen_headers(client)
    body = await draft(client, citizen, BIRTH)
    answer = await client.post(f"/v1/dossiers/{body['id']}/submit", json={}, headers=citizen)
    assert answer.status_code == 422
    assert answer.json()["type"].endswith("/documents-missing")
    assert answer.json()["missing_slots"] == ["giay_chung_sinh"]


async def test_action_not_allowed_in_state_lists_what_is(client):
    citizen = await citizen_headers(client)
    officer = await officer_headers(client, JUDICIAL)
    dossier = await submitted_dossier(client, citizen, JUDICIAL)
    answer = await act(client, officer, dossier["id"], "finish", result={"kind": "electronic"})
    assert answer.status_code == 409
    problem = answer.json()
    assert problem["type"].endswith("/action-not-allowed-in-state")
    assert problem["state"] == "submitted"
    assert problem["allowed_actions"] == ["receive", "refuse", "request_supplement"]
    unknown = await act(client, officer, dossier["id"], "approve")
    assert unknown.status_code == 422 and unknown.json()["errors"][0]["pointer"] == "/action"
    again = await client.post(f"/v1/dossiers/{dossier['id']}/submit", json={}, headers=citizen)
    assert again.status_code == 409
    patched = await client.patch(f"/v1/dossiers/{dossier['id']}", json={"form_data": {}},
                                 headers=citizen)
    assert patched.status_code == 409


async def test_bad_cursor_and_state_filter(client):
    citizen = await citizen_headers(client)
    bad = await client.get("/v1/dossiers", params={"cursor": "not-a-cursor"}, headers=citizen)
    assert bad.status_code == 422 and bad.json()["errors"][0]["parameter"] == "cursor"
    bad = await client.get("/v1/dossiers", params={"state": "lost"}, headers=citizen)
    assert bad.status_code == 422 and bad.json()["errors"][0]["parameter"] == "state"
