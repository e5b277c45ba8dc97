"""A citizen uploads a document into a slot of their draft: it is listed with the type its bytes
show (not the name or declared type), its size and SHA-256; a second file in the same slot
replaces the first, which stays listed as superseded."""

import hashlib

from dossiers.storage import current_storage, read_all
from models.dossiers import DossierAttachment
from tests.dossier_files_support import (
    BIRTH_SERVICE,
    BIRTH_SLOT,
    JPEG,
    PNG,
    citizen,
    dossier_for,
    upload,
)


async def test_upload_is_listed_with_sniffed_type_and_sha256(client):
    owner = await citizen(client)
    draft = await dossier_for(owner, BIRTH_SERVICE)
    url = f"/v1/dossiers/{draft['id']}/attachments"

    answer = await client.post(url, headers=owner.headers,
                               **upload(BIRTH_SLOT, "Giấy chứng sinh.bin", PNG,
                                        "application/octet-stream"))
    assert answer.status_code == 201, answer.text
    created = answer.json()
    assert created["slot"] == BIRTH_SLOT
    assert created["content_type"] == "image/png"
    assert created["sha256"] == hashlib.sha256(PNG).hexdigest()
    assert created["size"] == len(PNG)
    assert created["round"] == 0
    assert created["filename"] == "Giấy chứng sinh.bin"

    listed = (await client.get(url, headers=owner.headers)).json()["items"]
    assert [(item["id"], item["superseded"]) for item in listed] == [(created["id"], False)]
    row = await DossierAttachment.select().where(DossierAttachment.id == created["id"]).first()
    assert await read_all(current_storage(), row["storage_key"]) == PNG


async def test_second_file_in_a_slot_supersedes_the_first(client):
    owner = await citizen(client)
    draft = await dossier_for(owner, BIRTH_SERVICE)
    url = f"/v1/dossiers/{draft['id']}/attachments"

    first = (await client.post(url, headers=owner.headers,
                               **upload(BIRTH_SLOT, "a.png", PNG, "image/png"))).json()
    second = (await client.post(url, headers=owner.headers,
                                **upload(BIRTH_SLOT, "b.jpg", JPEG, "image/jpeg"))).json()

    listed = {item["id"]: item for item in
              (await client.get(url, headers=owner.headers)).json()["items"]}
    assert listed[first["id"]]["superseded"] is True
    assert listed[second["id"]]["superseded"] is False
    assert listed[second["id"]]["content_type"] == "image/jpeg"


async def test_supplement_files_join_the_current_round(client):
    owner = await citizen(client)
    dossier = await dossier_for(owner, BIRTH_SERVICE, state="supplement_requested",
                                code="000.00.01.H22-261122-0001", supplement_count=2)

    answer = await client.post(f"/v1/dossiers/{dossier['id']}/attachments", headers=owner.headers,
                               **upload(BIRTH_SLOT, "bo-sung.png", PNG, "image/png"))

    assert answer.status_code == 201, answer.text
    assert answer.json()["round"] == 2


async def test_dossier_no_longer_editable_refuses_files(client):
    owner = await citizen(client)
    dossier = await dossier_for(owner, BIRTH_SERVICE, state="processing",
                                code="000.00.01.H22-261122-0002")

    answer = await client.post(f"/v1/dossiers/{dossier['id']}/attachments", headers=owner.headers,
                               **upload(BIRTH_SLOT, "late.png", PNG, "image/png"))

    assert answer.status_code == 409
    assert answer.json()["type"].endswith("/dossier-not-editable")
    assert await DossierAttachment.count() == 0
