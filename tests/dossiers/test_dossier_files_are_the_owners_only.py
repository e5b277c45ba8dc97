"""Only the applicant sees a dossier's files. Another citizen, an officer of another agency and
even an officer of the dossier's own agency get 404 on the citizen paths: uploading, listing,
downloading a result. The owner downloads the result as issued, tagged with its SHA-256, and a
repeat with If-None-Match gets 304."""

import hashlib
import uuid

from auth.principal import Principal
from dossiers.results import add_electronic_result
from models.dossiers import DossierAttachment
from tests.auth_helpers import sign_in
from tests.dossier_files_support import (
    BIRTH_SERVICE,
    BIRTH_SLOT,
    PDF,
    PNG,
    agency_unit_code,
    citizen,
    dossier_for,
    upload,
)

CODE = "000.00.01.H22-261122-0042"


async def _finished_dossier(client):
    owner = await citizen(client)
    dossier = await dossier_for(owner, BIRTH_SERVICE, state="result_ready", code=CODE)
    officer = Principal(uuid.uuid4(), "officer", uuid.uuid4(), agency_id=dossier["agency"])
    await add_electronic_result(dossier, "trich-luc-khai-sinh.pdf", PDF, "application/pdf",
                                officer)
    return owner, dossier


async def test_owner_downloads_the_result_with_its_sha256_as_etag(client):
    owner, dossier = await _finished_dossier(client)
    url = f"/v1/dossiers/{dossier['id']}/results/1"

    answer = await client.get(url, headers=owner.headers)

    assert answer.status_code == 200
    assert answer.content == PDF
    digest = hashlib.sha256(answer.content).hexdigest()
    assert answer.headers["etag"] == f'"{digest}"'
    assert answer.headers["content-type"].startswith("application/pdf")
    assert answer.headers["content-disposition"] == f'attachment; filename="{CODE}-KQ1.pdf"'

    again = await client.get(url, headers={**owner.headers, "If-None-Match": f'"{digest}"'})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == f'"{digest}"'

    missing = await client.get(f"/v1/dossiers/{dossier['id']}/results/2", headers=owner.headers)
    assert missing.status_code == 404


async def test_everyone_but_the_owner_gets_404(client):
    owner, dossier = await _finished_dossier(client)
    draft = await dossier_for(owner, BIRTH_SERVICE)
    await client.post(f"/v1/dossiers/{draft['id']}/attachments", headers=owner.headers,
                      **upload(BIRTH_SLOT, "a.png", PNG, "image/png"))
    unit = await agency_unit_code(dossier)
    others = {
        "another citizen": await sign_in(client),
        "officer of another agency": await sign_in(client, role="officer",
                                                   agency_unit_code="000.00.05.H17"),
        "officer of the dossier's agency": await sign_in(client, role="officer",
                                                         agency_unit_code=unit),
    }

    for who, headers in others.items():
        result = await client.get(f"/v1/dossiers/{dossier['id']}/results/1", headers=headers)
        listed = await client.get(f"/v1/dossiers/{draft['id']}/attachments", headers=headers)
        uploaded = await client.post(f"/v1/dossiers/{draft['id']}/attachments", headers=headers,
                                     **upload(BIRTH_SLOT, "b.png", PNG, "image/png"))
        for answer in (result, listed, uploaded):
            assert answer.status_code == 404, (who, answer.request.url, answer.text)
            assert answer.json()["type"].endswith("/dossier-not-found"), who

    assert await DossierAttachment.count() == 1  # only the owner's
    anonymous = await client.get(f"/v1/dossiers/{dossier['id']}/results/1")
    assert anonymous.status_code == 401
