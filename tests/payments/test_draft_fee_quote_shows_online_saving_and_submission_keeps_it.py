"""Before submitting, a citizen sees the fee computed from what they entered — copies, the
applicant category, their VNeID level, the online channel — each line with its legal basis, and
the counter price beside it. A category lowers the fee only with its proof document; the
submission keeps the quote as the snapshot the dossier detail shows."""

from __future__ import annotations

from tests.auth_helpers import sign_in
from tests.dossier_factories import attach, demo_catalogue, draft

EXTRACT = "HN.HT.004"  # civil-status extract copies: 8,000 a copy
RESIDENCE = "DN.CT.001"  # permanent residence: 20,000 at the counter, 10,000 online
EXTRACT_FORM = {"loai_trich_luc": "Khai sinh", "ho_ten": "Nguyễn Văn An", "so_ban": 3}
RESIDENCE_FORM = {"ho_ten": "Nguyễn Văn An", "so_dinh_danh": "001090012345",
                  "dia_chi_thuong_tru": "12 Hàng Bài, phường Hoàn Kiếm, Hà Nội",
                  "quan_he_chu_ho": "Con"}


async def quote(client, headers, dossier_id):
    answer = await client.get(f"/v1/dossiers/{dossier_id}/fee-quote", headers=headers)
    assert answer.status_code == 200, answer.text
    return answer.json()


async def test_copies_and_category_with_proof_change_the_fee(client):
    await demo_catalogue()
    citizen = await sign_in(client)
    body = await draft(client, citizen, EXTRACT, EXTRACT_FORM)

    three = await quote(client, citizen, body["id"])
    assert three["total"] == 24_000
    [line] = three["lines"]
    assert (line["units"], line["amount"]) == (3, 24_000) and "281/2016" in line["legal_basis_vi"]

    patched = await client.patch(f"/v1/dossiers/{body['id']}",
                                 json={"applicant_category": "poor_household"}, headers=citizen)
    assert patched.status_code == 200 and patched.json()["applicant_category"] == "poor_household"
    assert (await quote(client, citizen, body["id"]))["total"] == 0

    unproven = await client.post(f"/v1/dossiers/{body['id']}/submit", headers=citizen)
    assert unproven.status_code == 422
    assert unproven.json()["missing_slots"] == ["giay_xac_nhan_ho_ngheo"]

    await attach(client, citizen, body["id"], "giay_xac_nhan_ho_ngheo")
    submitted = await client.post(f"/v1/dossiers/{body['id']}/submit", headers=citizen)
    assert submitted.status_code == 200, submitted.text
    assert submitted.json()["fee_due"] == 0
    shown = (await client.get(f"/v1/dossiers/{body['id']}", headers=citizen)).json()
    [kept] = shown["fee_quote"]["lines"]
    assert kept["exempt"] and kept["reason_en"].endswith("due 0 VND")
    assert shown["applicant_category"] == "poor_household"


async def test_unknown_category_is_refused_and_changes_nothing(client):
    await demo_catalogue()
    citizen = await sign_in(client)
    body = await draft(client, citizen, EXTRACT, EXTRACT_FORM)
    refused = await client.patch(f"/v1/dossiers/{body['id']}",
                                 json={"applicant_category": "astronaut"}, headers=citizen)
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["pointer"] == "/applicant_category"
    shown = (await client.get(f"/v1/dossiers/{body['id']}", headers=citizen)).json()
    assert shown["applicant_category"] is None and shown["version"] == body["version"]


async def test_online_saving_is_visible_and_vneid_level_2_waives_the_fee(client):
    await demo_catalogue()
    level_1 = await sign_in(client, assurance_level=1)
    body = await draft(client, level_1, RESIDENCE, RESIDENCE_FORM)
    seen = await quote(client, level_1, body["id"])
    assert seen["comparison"] == {"online_total": 10_000, "counter_total": 20_000,
                                  "online_saving": 10_000}
    assert seen["lines"][0]["counter_amount"] == 20_000

    level_2 = await sign_in(client, assurance_level=2)
    body = await draft(client, level_2, RESIDENCE, RESIDENCE_FORM)
    waived = await quote(client, level_2, body["id"])
    assert waived["total"] == 0 and waived["assurance_level"] == 2
    assert "117/2026" in waived["lines"][0]["adjustment"]["legal_basis_vi"]
    assert waived["comparison"]["online_saving"] == 20_000

    await attach(client, level_2, body["id"], "giay_to_cho_o")
    submitted = await client.post(f"/v1/dossiers/{body['id']}/submit", headers=level_2)
    assert submitted.status_code == 200, submitted.text
    assert submitted.json()["fee_due"] == 0
    assert submitted.json()["fee_quote"]["lines"][0]["adjustment"]["code"] == \
        "tt117_2026_vneid_muc_2"


async def test_another_citizens_draft_has_no_quote(client):
    await demo_catalogue()
    owner, other = await sign_in(client), await sign_in(client)
    body = await draft(client, owner, EXTRACT, EXTRACT_FORM)
    answer = await client.get(f"/v1/dossiers/{body['id']}/fee-quote", headers=other)
    assert answer.status_code == 404
