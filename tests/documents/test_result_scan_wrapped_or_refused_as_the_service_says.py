"""A result that is not a PDF (a scan) is wrapped into a PDF and signed, or refused, as the
service's catalogue entry says (`result_non_pdf`); a PDF the signer cannot read is refused.
A refused result changes nothing."""

from __future__ import annotations

import io

from PIL import Image

from catalogue.seed import seed_demo
from core.changes import announce
from core.db import transaction
from models.catalogue import Service
from models.documents import CitizenDocument
from tests.dossier_factories import BIRTH, PDF
from tests.signed_result_support import (
    agency_chain,
    finish_with,
    issued_result,
    processing_dossier,
    pyhanko_status,
)


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (600, 800), (240, 240, 230)).save(out, format="JPEG")
    return out.getvalue()


async def test_scan_is_wrapped_into_a_signed_pdf(client):
    citizen, officer, dossier = await processing_dossier(client)
    broken = b"\xff\xd8\xff\xe0\x00\x10JFIF" + b"\x00" * 64  # a JPEG's start, nothing more
    refused = await finish_with(client, officer, dossier["id"], broken, "hong.jpg")
    assert refused.status_code == 422 and refused.json()["type"].endswith("/result-not-readable")

    issued = await issued_result(client, content=_jpeg(), filename="ban-quet.jpg")
    assert issued.pdf.startswith(b"%PDF-")
    assert issued.result["content_type"] == "application/pdf"
    status = await pyhanko_status(issued.pdf, await agency_chain(
        client, issued.dossier["code"].split("-")[0]))
    assert status.intact and status.valid and status.trusted


async def test_scan_refused_where_the_service_wants_a_pdf_and_nothing_changes(client):
    await seed_demo()
    async with transaction():
        await Service.update({Service.result_non_pdf: "refuse"}).where(Service.code == BIRTH)
        await announce("catalogue", "service")
    citizen, officer, dossier = await processing_dossier(client)
    for content, status, slug in ((_jpeg(), 415, "result-must-be-pdf"),
                                  (PDF, 422, "result-not-readable")):
        refused = await finish_with(client, officer, dossier["id"], content)
        assert refused.status_code == status, refused.text
        assert refused.json()["type"].endswith(f"/{slug}")
    seen = (await client.get(f"/v1/dossiers/{dossier['id']}", headers=citizen)).json()
    assert seen["state"] == "processing" and seen["results"] == []
    assert await CitizenDocument.count() == 0
