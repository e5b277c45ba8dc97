"""An officer of the competent agency lists a submitted dossier's documents and opens them, each
opening recorded in the audit trail; the citizen can download what they uploaded. Nobody else
sees them, and a document of another dossier is not found through this one."""

from __future__ import annotations

import hashlib

from models.audit import AuditEvent
from tests.dossier_factories import (
    JUDICIAL,
    PDF,
    SLOTS,
    attach,
    citizen_headers,
    demo_catalogue,
    draft,
    officer_headers,
    submitted_dossier,
)

NAME = "Thẻ sinh viên.pdf"


async def _submitted_with_named_document(client):
    await demo_catalogue()
    citizen = await citizen_headers(client)
    body = await draft(client, citizen, JUDICIAL)
    document = await attach(client, citizen, body["id"], SLOTS[JUDICIAL], filename=NAME)
    submitted = await client.post(f"/v1/dossiers/{body['id']}/submit", json={},
                                  headers=citizen)
    assert submitted.status_code == 200, submitted.text
    return citizen, body["id"], document


async def test_officer_lists_and_opens_documents_and_the_opening_is_audited(client):
    citizen, dossier_id, document = await _submitted_with_named_document(client)
    officer = await officer_headers(client, JUDICIAL)

    listed = await client.get(f"/v1/officer/dossiers/{dossier_id}/attachments", headers=officer)
    assert listed.status_code == 200
    assert [(d["id"], d["slot"]) for d in listed.json()["items"]] == [
        (document["id"], SLOTS[JUDICIAL])]

    url = f"/v1/officer/dossiers/{dossier_id}/attachments/{document['id']}"
    opened = await client.get(url, headers=officer)
    assert opened.status_code == 200
    assert opened.content == PDF
    assert opened.headers["content-type"].startswith("application/pdf")
    assert opened.headers["etag"] == f'"{hashlib.sha256(PDF).hexdigest()}"'
    # Named by the dossier code, the slot and the sniffed type, never by the uploader's name.
    disposition = opened.headers["content-disposition"]
    code = (await client.get(f"/v1/officer/dossiers/{dossier_id}", headers=officer)).json()["code"]
    assert f'filename="{code}-{SLOTS[JUDICIAL]}-1.pdf"' in disposition
    assert "filename*" not in disposition  # the uploaded name was "Thẻ sinh viên.pdf"

    audit = await AuditEvent.select().where(AuditEvent.action == "dossier.attachment_opened")
    assert len(audit) == 1
    assert audit[0]["actor_kind"] == "officer" and audit[0]["subject_id"] == dossier_id
    assert document["id"] in audit[0]["detail"]


async def test_the_citizen_downloads_what_they_uploaded(client):
    citizen, dossier_id, document = await _submitted_with_named_document(client)
    url = f"/v1/dossiers/{dossier_id}/attachments/{document['id']}"
    mine = await client.get(url, headers=citizen)
    assert mine.status_code == 200 and mine.content == PDF
    again = await client.get(url, headers={**citizen, "If-None-Match": mine.headers["etag"]})
    assert again.status_code == 304 and again.content == b""


async def test_nobody_else_sees_the_documents(client):
    citizen, dossier_id, document = await _submitted_with_named_document(client)
    other_citizen = await citizen_headers(client)
    other_agency = await officer_headers(client, unit_code="000.00.05.H17")
    own_agency = await officer_headers(client, JUDICIAL)
    officer_paths = [f"/v1/officer/dossiers/{dossier_id}/attachments",
                     f"/v1/officer/dossiers/{dossier_id}/attachments/{document['id']}"]
    citizen_path = f"/v1/dossiers/{dossier_id}/attachments/{document['id']}"
    for path in officer_paths:
        assert (await client.get(path, headers=other_agency)).status_code == 404
        assert (await client.get(path, headers=citizen)).status_code == 403  # not an officer
    for headers in (other_citizen, other_agency, own_agency):
        assert (await client.get(citizen_path, headers=headers)).status_code == 404
    assert await AuditEvent.count().where(AuditEvent.action == "dossier.attachment_opened") == 0


async def test_a_document_of_another_dossier_or_a_bad_id_is_not_found(client):
    citizen, dossier_id, _ = await _submitted_with_named_document(client)
    other = await submitted_dossier(client, citizen, JUDICIAL)
    theirs = (await client.get(f"/v1/dossiers/{other['id']}/attachments",
                               headers=citizen)).json()["items"][0]["id"]
    officer = await officer_headers(client, JUDICIAL)
    for wrong in (theirs, "not-a-uuid"):
        answer = await client.get(f"/v1/officer/dossiers/{dossier_id}/attachments/{wrong}",
                                  headers=officer)
        assert answer.status_code == 404
        assert answer.json()["type"].endswith("/attachment-not-found")
