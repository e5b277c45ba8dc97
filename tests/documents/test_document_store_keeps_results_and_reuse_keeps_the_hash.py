"""An issued electronic result lands in the citizen's document store; a later dossier fills a
slot with it by one reference — the attachment keeps the file's SHA-256, the dossier is marked as
reusing documents and the officer sees where the document came from."""

from __future__ import annotations

import hashlib

from models.documents import DocumentReuse
from models.dossiers import Dossier
from tests.dossier_factories import JUDICIAL, PDF, attach, draft, officer_headers
from tests.signed_result_support import issued_result


async def test_issued_result_is_in_the_store_and_reused_with_its_hash(client):
    issued = await issued_result(client)
    citizen = issued.citizen

    listed = await client.get("/v1/me/documents", headers=citizen)
    assert listed.status_code == 200, listed.text
    [document] = listed.json()["items"]
    assert document == {**document, "kind": "result", "code": issued.result["code"],
                        "sha256": issued.result["sha256"], "valid": True,
                        "dossier_id": issued.dossier["id"], "valid_until": None}
    assert document["issuer_unit_code"] == issued.dossier["code"].split("-")[0]
    assert document["issuer_name"]
    one = await client.get(f"/v1/me/documents/{document['id']}", headers=citizen)
    assert one.json() == document
    again = await client.get(f"/v1/me/documents/{document['id']}",
                             headers={**citizen, "If-None-Match": one.headers["etag"]})
    assert again.status_code == 304
    file = await client.get(f"/v1/me/documents/{document['id']}/file", headers=citizen)
    assert file.status_code == 200 and file.content == issued.pdf
    assert file.headers["etag"] == f'"{issued.result["sha256"]}"'

    later = await draft(client, citizen, JUDICIAL)
    path = f"/v1/dossiers/{later['id']}/attachments/from-store"
    reused = await client.post(path, headers=citizen,
                               json={"slot": "van_ban_uy_quyen", "document_id": document["id"]})
    assert reused.status_code == 201, reused.text
    attachment = reused.json()
    assert attachment["sha256"] == issued.result["sha256"] == hashlib.sha256(
        issued.pdf).hexdigest()
    assert attachment["slot"] == "van_ban_uy_quyen" and attachment["content_type"] == (
        "application/pdf")
    opened = await client.get(f"/v1/dossiers/{later['id']}/attachments/{attachment['id']}",
                              headers=citizen)
    assert opened.content == issued.pdf

    row = await Dossier.select(Dossier.reused_documents).where(Dossier.id == later["id"]).first()
    assert row["reused_documents"] is True
    link = await DocumentReuse.select().where(DocumentReuse.dossier == later["id"]).first()
    assert str(link["document"]) == document["id"] and str(link["attachment_id"]) == (
        attachment["id"])

    await attach(client, citizen, later["id"], "the_sinh_vien", PDF)
    submitted = await client.post(f"/v1/dossiers/{later['id']}/submit", json={},
                                  headers=citizen)
    assert submitted.status_code == 200, submitted.text
    officer = await officer_headers(client, JUDICIAL)
    seen = (await client.get(f"/v1/officer/dossiers/{later['id']}", headers=officer)).json()
    assert seen["reused_documents"] is True
    assert seen["reused"] == [{**seen["reused"][0], "slot": "van_ban_uy_quyen",
                               "attachment_id": attachment["id"], "document_kind": "result",
                               "result_code": issued.result["code"],
                               "sha256": issued.result["sha256"]}]


async def test_keeping_a_dossier_document_and_refusing_a_slot_that_does_not_fit(client):
    issued = await issued_result(client)
    citizen = issued.citizen
    attachments = (await client.get(f"/v1/dossiers/{issued.dossier['id']}/attachments",
                                    headers=citizen)).json()["items"]
    kept = await client.post("/v1/me/documents", headers=citizen, json={
        "dossier_id": issued.dossier["id"], "attachment_id": attachments[0]["id"]})
    assert kept.status_code == 201, kept.text
    assert kept.json()["kind"] == "kept" and kept.json()["sha256"] == attachments[0]["sha256"]
    again = await client.post("/v1/me/documents", headers=citizen, json={
        "dossier_id": issued.dossier["id"], "attachment_id": attachments[0]["id"]})
    assert again.json()["id"] == kept.json()["id"]  # kept once
    assert len((await client.get("/v1/me/documents", headers=citizen)).json()["items"]) == 2

    later = await draft(client, citizen, JUDICIAL)
    path = f"/v1/dossiers/{later['id']}/attachments/from-store"
    unknown = await client.post(path, headers=citizen,
                                json={"slot": "no_such_slot", "document_id": kept.json()["id"]})
    assert unknown.status_code == 422
    row = await Dossier.select(Dossier.reused_documents).where(Dossier.id == later["id"]).first()
    assert row["reused_documents"] is False  # nothing changed


async def test_a_retried_reuse_with_its_key_places_the_document_once(client):
    issued = await issued_result(client)
    [document] = (await client.get("/v1/me/documents", headers=issued.citizen)).json()["items"]
    later = await draft(client, issued.citizen, JUDICIAL)
    path = f"/v1/dossiers/{later['id']}/attachments/from-store"
    headers = {**issued.citizen, "Idempotency-Key": "reuse-1"}
    body = {"slot": "van_ban_uy_quyen", "document_id": document["id"]}
    first = await client.post(path, headers=headers, json=body)
    again = await client.post(path, headers=headers, json=body)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json() and again.headers["idempotent-replayed"] == "true"
    assert await DocumentReuse.count().where(DocumentReuse.dossier == later["id"]) == 1


async def test_the_store_pages_by_cursor(client):
    issued = await issued_result(client)
    second = await issued_result(client, citizen=issued.citizen)
    first_page = (await client.get("/v1/me/documents", params={"limit": 1},
                                   headers=issued.citizen)).json()
    assert [d["code"] for d in first_page["items"]] == [second.result["code"]]
    rest = (await client.get("/v1/me/documents", headers=issued.citizen,
                             params={"limit": 1, "cursor": first_page["next_cursor"]})).json()
    assert [d["code"] for d in rest["items"]] == [issued.result["code"]]
    assert rest["next_cursor"] is None
    bad = await client.get("/v1/me/documents", params={"cursor": "%%%"}, headers=issued.citizen)
    assert bad.status_code == 422
