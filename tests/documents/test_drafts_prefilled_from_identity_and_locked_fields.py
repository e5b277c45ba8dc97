"""A draft starts with every field the signed-in identity already knows, as each service's
catalogue entry maps them (data, not code); a locked field's change is refused (422) or flagged
for the officer, as the service says; nothing of the identity claims reaches a log line."""

from __future__ import annotations

import json
import logging

from catalogue.seed import DATA_DIR, seed_demo
from dossiers.forms import check_form
from postal.addresses import validate
from tests.auth_helpers import sign_in
from tests.dossier_factories import PDF, attach, officer_headers
from tests.identity_support import identity_of, sso_headers

SERVICES = json.loads((DATA_DIR / "demo_services.json").read_text(encoding="utf-8"))["services"]


async def test_every_demo_service_starts_prefilled_from_the_demo_identity(client):
    await seed_demo()
    for person in ("citizen-an", "citizen-binh", "citizen-chau"):
        citizen = await sso_headers(client, person)
        identity = identity_of(person)
        for service in SERVICES:
            mapping = service["form_schema"]["x-prefill"]["fields"]
            created = await client.post("/v1/dossiers", json={"service_code": service["code"]},
                                        headers=citizen)
            assert created.status_code == 201, created.text
            body = created.json()
            assert body["form_data"] == {field: identity[claim]
                                         for field, claim in mapping.items()}, service["code"]
            assert body["identity_prefill"] == {
                "fields": sorted(mapping), "policy": service["form_schema"]["x-prefill"]["locked"],
                "changed": []}
            check_form(service["form_schema"], body["form_data"], complete=False)


async def test_demo_addresses_use_the_2025_units():
    from catalogue.seed import demo_people

    for person in demo_people():
        where = person["address"]
        checked = validate(where["street"], where["commune_code"], where["province_code"])
        assert (checked.commune_name, checked.province_name) == (where["commune"],
                                                                 where["province"])


async def test_locked_field_change_is_refused_or_flagged_as_the_service_says(client):
    await seed_demo()
    citizen = await sso_headers(client, "citizen-an")
    judicial = (await client.post("/v1/dossiers", json={"service_code": "HN.TP.001"},
                                  headers=citizen)).json()  # policy: refuse
    path = f"/v1/dossiers/{judicial['id']}"
    refused = await client.patch(path, headers=citizen,
                                 json={"form_data": {"ho_ten": "Nguyễn Văn Bê", "so_luong": 1}})
    assert refused.status_code == 422, refused.text
    problem = refused.json()
    assert problem["type"].endswith("/identity-field-locked")
    assert problem["errors"] == [{"pointer": "/form_data/ho_ten", "detail": problem["errors"][0]
                                  ["detail"]}]
    removed = await client.patch(path, headers=citizen, json={"form_data": {"ngay_sinh": None}})
    assert removed.status_code == 422
    unchanged = (await client.get(path, headers=citizen)).json()
    assert unchanged["form_data"]["ho_ten"] == "Nguyễn Văn An" and unchanged["version"] == (
        judicial["version"])
    same = await client.patch(path, headers=citizen,
                              json={"form_data": {"ho_ten": "Nguyễn Văn An", "so_luong": 1}})
    assert same.status_code == 200 and same.json()["form_data"]["so_luong"] == 1

    building = (await client.post("/v1/dossiers", json={"service_code": "HCM.XD.001"},
                                  headers=citizen)).json()  # policy: flag
    flagged = await client.patch(f"/v1/dossiers/{building['id']}", headers=citizen,
                                 json={"form_data": {"chu_dau_tu": "Công ty TNHH An Phát"}})
    assert flagged.status_code == 200, flagged.text
    assert flagged.json()["identity_prefill"]["changed"] == ["chu_dau_tu"]
    filled = await client.patch(f"/v1/dossiers/{building['id']}", headers=citizen, json={
        "form_data": {"dia_diem_xay_dung": "15 Lý Tự Trọng, phường Sài Gòn",
                      "dien_tich_xay_dung": 80.5, "so_tang": 3}})
    assert filled.status_code == 200, filled.text
    for slot in ("giay_to_dat", "ban_ve_thiet_ke"):
        await attach(client, citizen, building["id"], slot, PDF)
    submitted = await client.post(f"/v1/dossiers/{building['id']}/submit", json={},
                                  headers=citizen)
    assert submitted.status_code == 200, submitted.text
    officer = await officer_headers(client, "HCM.XD.001")
    seen = (await client.get(f"/v1/officer/dossiers/{building['id']}", headers=officer)).json()
    assert seen["identity_prefill"] == {"fields": ["chu_dau_tu", "chu_dau_tu_so_dinh_danh"],
                                        "policy": "flag", "changed": ["chu_dau_tu"]}


async def test_a_person_without_identity_claims_gets_an_empty_form(client):
    await seed_demo()
    citizen = await sign_in(client)
    created = await client.post("/v1/dossiers", json={"service_code": "HN.TP.001"},
                                headers=citizen)
    assert created.json()["form_data"] == {} and created.json()["identity_prefill"] is None


async def test_nothing_of_the_identity_claims_reaches_a_log_line(client, caplog):
    await seed_demo()
    caplog.set_level(logging.INFO)
    caplog.set_level(logging.DEBUG, logger="motcua")
    citizen = await sso_headers(client, "citizen-binh")
    for service in SERVICES:
        created = await client.post("/v1/dossiers", json={"service_code": service["code"]},
                                    headers=citizen)
        assert created.status_code == 201
    judicial = next(s for s in SERVICES if s["code"] == "HN.TP.001")
    created = await client.post("/v1/dossiers", json={"service_code": judicial["code"]},
                                headers=citizen)
    await client.patch(f"/v1/dossiers/{created.json()['id']}", headers=citizen,
                       json={"form_data": {"ho_ten": "Tên khác"}})
    identity = identity_of("citizen-binh")
    assert caplog.records  # the sign-in and the requests were logged
    secrets = [*identity.values(), identity["phone"].removeprefix("+84"),
               identity["birth_date"].replace("-", ""), "Lê Thánh Tôn", "Bến Thành"]
    for record in caplog.records:
        line = record.getMessage() + " " + json.dumps(
            {k: str(v) for k, v in vars(record).items()}, ensure_ascii=False)
        for secret in secrets:
            assert secret not in line, (record.name, secret)
