"""No citizen reaches another citizen's documents: reading, downloading, keeping or reusing
someone else's document answers 404, as for dossiers."""

from __future__ import annotations

from tests.auth_helpers import sign_in
from tests.dossier_factories import JUDICIAL, draft
from tests.signed_result_support import issued_result


async def test_another_citizen_gets_404_everywhere(client):
    issued = await issued_result(client)
    [document] = (await client.get("/v1/me/documents", headers=issued.citizen)).json()["items"]
    stranger = await sign_in(client, full_name="Trần Văn Khách", phone="0987654321")

    assert (await client.get("/v1/me/documents", headers=stranger)).json()["items"] == []
    for path in (f"/v1/me/documents/{document['id']}",
                 f"/v1/me/documents/{document['id']}/file",
                 "/v1/me/documents/not-a-uuid"):
        answer = await client.get(path, headers=stranger)
        assert answer.status_code == 404, path
        assert answer.headers["content-type"].startswith("application/problem+json")

    attachments = (await client.get(f"/v1/dossiers/{issued.dossier['id']}/attachments",
                                    headers=issued.citizen)).json()["items"]
    keep = await client.post("/v1/me/documents", headers=stranger, json={
        "dossier_id": issued.dossier["id"], "attachment_id": attachments[0]["id"]})
    assert keep.status_code == 404

    own = await draft(client, stranger, JUDICIAL)
    reuse = await client.post(f"/v1/dossiers/{own['id']}/attachments/from-store",
                              headers=stranger,
                              json={"slot": "van_ban_uy_quyen", "document_id": document["id"]})
    assert reuse.status_code == 404
    # Nor into someone else's dossier with one's own reference.
    theirs = await client.post(f"/v1/dossiers/{own['id']}/attachments/from-store",
                               headers=issued.citizen,
                               json={"slot": "van_ban_uy_quyen", "document_id": document["id"]})
    assert theirs.status_code == 404
    assert (await client.get("/v1/me/documents")).status_code == 401
