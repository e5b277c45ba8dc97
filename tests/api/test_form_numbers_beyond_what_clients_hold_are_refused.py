"""A number in a dossier's form beyond ±(2**53 − 1) — what every client (JavaScript, I-JSON) holds
exactly — is refused with 422 at its field, even where the service's form schema sets no bound
(an investment amount, an area): stored, it would come back changed. Nothing is written."""

from __future__ import annotations

from dossiers.forms import SAFE_INTEGER
from models.dossiers import Dossier
from tests.dossier_factories import citizen_headers, draft

INVESTMENT = "HCM.DN.001"  # its form's von_dau_tu (đồng) has no maximum


async def test_a_huge_amount_in_a_form_is_refused_at_its_field(client):
    citizen = await citizen_headers(client)
    body = await draft(client, citizen, INVESTMENT, form={})
    before = await Dossier.select(Dossier.form_data, Dossier.version).where(
        Dossier.id == body["id"]).first()
    url = f"/v1/dossiers/{body['id']}"
    for value in (10**30, SAFE_INTEGER + 1, -(SAFE_INTEGER + 1), 1e300):
        answer = await client.patch(url, json={"form_data": {"von_dau_tu": value}},
                                    headers=citizen)
        assert answer.status_code == 422, (value, answer.text)
        assert [e["pointer"] for e in answer.json()["errors"]] == ["/form_data/von_dau_tu"]
    after = await Dossier.select(Dossier.form_data, Dossier.version).where(
        Dossier.id == body["id"]).first()
    assert after == before
    fine = await client.patch(url, json={"form_data": {"von_dau_tu": SAFE_INTEGER}},
                              headers=citizen)
    assert fine.status_code == 200, fine.text
    assert fine.json()["form_data"]["von_dau_tu"] == SAFE_INTEGER
