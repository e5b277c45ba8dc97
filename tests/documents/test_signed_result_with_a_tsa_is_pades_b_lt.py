"""With a time-stamping authority configured (MOTCUA_TSA_URL), a result's signature carries a
signature timestamp from it and the validation data is embedded (PAdES-B-LT: a DSS after the
signature); pyHanko, pdfsig and /v1/results/verify still find it valid."""

from __future__ import annotations

import dataclasses
import io

from asn1crypto import pem
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import async_validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from tests.auth_helpers import client_with
from tests.dossier_factories import RESULT_PDF
from tests.local_tsa import local_tsa
from tests.serve_support import free_port
from tests.signed_result_support import (
    agency_chain,
    finish_with,
    issued_result,
    pdfsig,
    processing_dossier,
)


async def test_result_signed_with_a_timestamp_and_validation_data(settings, db, tmp_path):
    with local_tsa() as tsa:
        roots = tmp_path / "tsa-roots.pem"
        roots.write_bytes(pem.armor("CERTIFICATE", tsa["root"].dump()))
        configured = dataclasses.replace(settings, tsa_url=tsa["url"], tsa_roots_file=roots)
        async with client_with(configured) as client:
            issued = await issued_result(client)
            chain = await agency_chain(client, issued.dossier["code"].split("-")[0])
            verdict = (await client.post("/v1/results/verify", content=issued.pdf,
                                         headers={"Content-Type": "application/pdf"})).json()
        assert tsa["state"]["requests"] >= 1

    reader = PdfFileReader(io.BytesIO(issued.pdf), strict=False)
    assert "/DSS" in reader.root  # the validation data, in a revision after the signature
    status = await async_validate_pdf_signature(
        reader.embedded_signatures[-1],
        signer_validation_context=ValidationContext(trust_roots=[chain[-1]]),
        ts_validation_context=ValidationContext(trust_roots=[tsa["root"]]))
    assert status.intact and status.valid and status.trusted
    assert status.timestamp_validity is not None and status.timestamp_validity.valid

    assert "Signature Validation: Signature is Valid." in pdfsig(issued.pdf, tmp_path)
    assert verdict["valid"] is True and verdict["reason"] == "ok", verdict


async def test_without_the_tsa_roots_the_signature_is_timestamped_only(settings, db):
    with local_tsa() as tsa:
        async with client_with(dataclasses.replace(settings, tsa_url=tsa["url"])) as client:
            issued = await issued_result(client)
        assert tsa["state"]["requests"] >= 1
    reader = PdfFileReader(io.BytesIO(issued.pdf), strict=False)
    assert "/DSS" not in reader.root  # PAdES-B-T
    status = await async_validate_pdf_signature(
        reader.embedded_signatures[-1],
        ts_validation_context=ValidationContext(trust_roots=[tsa["root"]]))
    assert status.intact and status.timestamp_validity.valid


async def test_a_tsa_that_does_not_answer_makes_the_result_wait(settings, db):
    silent = dataclasses.replace(settings, tsa_url=f"http://127.0.0.1:{free_port()}/tsa")
    async with client_with(silent) as client:
        citizen, officer, dossier = await processing_dossier(client)
        refused = await finish_with(client, officer, dossier["id"], RESULT_PDF)
        assert refused.status_code == 503, refused.text
        assert refused.json()["type"].endswith("/signing-unavailable")
        seen = (await client.get(f"/v1/dossiers/{dossier['id']}", headers=citizen)).json()
    assert seen["state"] == "processing" and seen["results"] == []
