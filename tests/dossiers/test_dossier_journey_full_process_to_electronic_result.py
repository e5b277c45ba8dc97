"""The whole journey of a full-process dossier, as the citizen and the officer live it."""

from __future__ import annotations

from models.dossiers import DossierPause
from tests.dossier_factories import (
    JUDICIAL,
    RESULT_PDF,
    act,
    attach,
    citizen_headers,
    filled_draft,
    officer_headers,
)
from tests.payment_support import (
    callback,
    fakepay_fixture,  # noqa: F401 - the `fakepay` fixture
    paid,
    start,
)


async def test_journey_from_draft_to_downloaded_result(client, fakepay):
    citizen = await citizen_headers(client)
    officer = await officer_headers(client, JUDICIAL)
    draft = await filled_draft(client, citizen, JUDICIAL)
    dossier_id = draft["id"]
    assert draft["expected_action"]["action"] == "submit"

    submitted = await client.post(f"/v1/dossiers/{dossier_id}/submit",
                                  json={"result_delivery": "electronic"}, headers=citizen)
    assert submitted.status_code == 200, submitted.text
    answer = submitted.json()
    assert answer["code"].startswith("000.00.02.H22-")
    assert answer["fee_due"] == 200_000
    assert answer["status_code"] == 1 and answer["next_step"]["action"] == "wait"

    assert (await act(client, officer, dossier_id, "receive")).status_code == 200
    asked = await act(client, officer, dossier_id, "request_supplement",
                      missing_slots=["van_ban_uy_quyen"], note="Thiếu văn bản ủy quyền")
    assert asked.status_code == 200, asked.text
    seen = (await client.get(f"/v1/dossiers/{dossier_id}", headers=citizen)).json()
    assert seen["status_code"] == 5
    assert seen["expected_action"] == {**seen["expected_action"], "action": "supplement",
                                       "missing_slots": ["van_ban_uy_quyen"]}
    early = await client.post(f"/v1/dossiers/{dossier_id}/supplement", json={}, headers=citizen)
    assert early.status_code == 422 and early.json()["missing_slots"] == ["van_ban_uy_quyen"]
    await attach(client, citizen, dossier_id, "van_ban_uy_quyen")
    answered = await client.post(f"/v1/dossiers/{dossier_id}/supplement", json={},
                                 headers=citizen)
    assert answered.status_code == 200, answered.text
    assert answered.json()["state"] == "processing"
    pauses = await DossierPause.select().where(DossierPause.dossier == dossier_id)
    assert len(pauses) == 1 and pauses[0]["ended_at"] is not None

    assert (await act(client, officer, dossier_id, "request_payment")).status_code == 200
    seen = (await client.get(f"/v1/dossiers/{dossier_id}", headers=citizen)).json()
    assert seen["expected_action"]["action"] == "pay"
    assert seen["expected_action"]["amount"] == 200_000
    # Paid through the payments API: started by the citizen, settled by the provider's signed
    # callback (a test provider; the card, VietQR and bank-transfer paths have their own tests).
    payment = await start(client, citizen, dossier_id)
    assert payment.status_code in (200, 201), payment.text
    settled = await callback(client, paid(payment.json()))
    assert settled.status_code == 200 and settled.json() == {"received": True}
    seen = (await client.get(f"/v1/dossiers/{dossier_id}", headers=citizen)).json()
    assert seen["state"] == "processing" and seen["paid_online"] is True

    finished = await client.post(
        f"/v1/officer/dossiers/{dossier_id}/actions", headers=officer,
        data={"action": "finish", "note": "Đã cấp phiếu"},
        files={"file": ("ket-qua.pdf", RESULT_PDF, "application/pdf")})
    assert finished.status_code == 200, finished.text
    seen = (await client.get(f"/v1/dossiers/{dossier_id}", headers=citizen)).json()
    assert seen["status_code"] == 9 and seen["expected_action"]["action"] == "collect"
    assert seen["on_time"] is True
    result = seen["results"][0]
    assert result["code"] == f"{answer['code']}-KQ1"
    download = await client.get(f"/v1/dossiers/{dossier_id}/results/1", headers=citizen)
    assert download.status_code == 200
    # Stamped and signed as incremental updates: the officer's bytes come first, unchanged.
    assert download.content.startswith(RESULT_PDF) and len(download.content) > len(RESULT_PDF)
    assert download.headers["etag"] == f'"{result["sha256"]}"'

    handed = await act(client, officer, dossier_id, "hand_over")
    assert handed.status_code == 200 and handed.json()["status_code"] == 10
    history = (await client.get(f"/v1/dossiers/{dossier_id}/history", headers=citizen)).json()
    assert [item["event"] for item in history["items"]] == [
        "dossier.submitted", "dossier.received", "dossier.supplement_requested",
        "dossier.supplemented", "dossier.payment_requested", "dossier.paid",
        "dossier.result_ready", "dossier.result_returned"]
    assert [item["actor_kind"] for item in history["items"]][:3] == [
        "citizen", "officer", "officer"]
