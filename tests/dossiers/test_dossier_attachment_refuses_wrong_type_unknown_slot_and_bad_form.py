"""Uploads that break a slot's rules are refused with a stable problem type and leave nothing
behind: a JPEG dressed up as a PDF (name and declared type) for a PDF-only slot, a slot the
service does not have, a form without its fields."""

from models.dossiers import DossierAttachment
from tests.dossier_files_support import (
    BIRTH_SERVICE,
    BOUNDARY,
    JPEG,
    MULTIPART_HEADERS,
    PDF,
    PDF_ONLY_SERVICE,
    PDF_ONLY_SLOT,
    citizen,
    dossier_for,
    stored_files,
    upload,
)


async def test_jpeg_disguised_as_pdf_is_refused_for_a_pdf_slot(client):
    owner = await citizen(client)
    draft = await dossier_for(owner, PDF_ONLY_SERVICE)

    answer = await client.post(f"/v1/dossiers/{draft['id']}/attachments", headers=owner.headers,
                               **upload(PDF_ONLY_SLOT, "giay-de-nghi.pdf", JPEG,
                                        "application/pdf"))

    assert answer.status_code == 415
    body = answer.json()
    assert body["type"].endswith("/file-type-not-accepted")
    assert body["detected"] == "image/jpeg"
    assert body["accepted"] == ["application/pdf"]
    assert await DossierAttachment.count() == 0
    assert stored_files(client) == []


async def test_real_pdf_is_accepted_for_the_same_slot(client):
    owner = await citizen(client)
    draft = await dossier_for(owner, PDF_ONLY_SERVICE)

    answer = await client.post(f"/v1/dossiers/{draft['id']}/attachments", headers=owner.headers,
                               **upload(PDF_ONLY_SLOT, "scan.jpg", PDF, "image/jpeg"))

    assert answer.status_code == 201, answer.text
    assert answer.json()["content_type"] == "application/pdf"


async def test_unknown_slot_is_refused(client):
    owner = await citizen(client)
    draft = await dossier_for(owner, BIRTH_SERVICE)

    answer = await client.post(f"/v1/dossiers/{draft['id']}/attachments", headers=owner.headers,
                               **upload("giay_phep_lai_xe", "x.pdf", PDF, "application/pdf"))

    assert answer.status_code == 422
    assert answer.json()["type"].endswith("/unknown-document-slot")
    assert await DossierAttachment.count() == 0
    assert stored_files(client) == []


async def test_form_without_a_file_or_not_multipart_is_refused(client):
    owner = await citizen(client)
    draft = await dossier_for(owner, BIRTH_SERVICE)
    url = f"/v1/dossiers/{draft['id']}/attachments"

    no_file = await client.post(url, headers=owner.headers, data={"slot": "giay_chung_sinh"},
                                files={"other": ("x.txt", b"x", "text/plain")})
    not_multipart = await client.post(url, headers=owner.headers, json={"slot": "x"})

    assert no_file.status_code == 422
    assert no_file.json()["errors"][0]["parameter"] == "file"
    assert not_multipart.status_code == 415
    assert await DossierAttachment.count() == 0


async def test_file_sent_before_its_slot_is_refused(client):
    owner = await citizen(client)
    draft = await dossier_for(owner, BIRTH_SERVICE)
    body = (f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; "
            f"filename=\"a.pdf\"\r\nContent-Type: application/pdf\r\n\r\n").encode() + PDF + (
            f"\r\n--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"slot\"\r\n\r\n"
            f"giay_chung_sinh\r\n--{BOUNDARY}--\r\n").encode()

    answer = await client.post(f"/v1/dossiers/{draft['id']}/attachments", content=body,
                               headers={**owner.headers, **MULTIPART_HEADERS})

    assert answer.status_code == 422
    assert answer.json()["errors"][0]["parameter"] == "slot"
    assert await DossierAttachment.count() == 0
    assert stored_files(client) == []


async def test_broken_multipart_body_is_a_clear_400(client):
    owner = await citizen(client)
    draft = await dossier_for(owner, BIRTH_SERVICE)

    answer = await client.post(f"/v1/dossiers/{draft['id']}/attachments",
                               content=b"--elsewhere\r\nnot a multipart body",
                               headers={**owner.headers, **MULTIPART_HEADERS})

    assert answer.status_code == 400
    assert answer.json()["type"].endswith("/malformed-body")
