"""An electronic result an officer issues is stamped and signed by the agency (PAdES): pyHanko's
validator and Poppler's pdfsig — two independent implementations — find the signature valid,
made with the agency's own certificate chain; one changed byte makes it invalid there and in
GET /v1/results/verify, which says why."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

from pyhanko.sign.validation.status import SignatureCoverageLevel

from documents.stamp import StampText, stamp_pdf
from tests.signed_result_support import (
    agency_chain,
    issued_result,
    one_byte_changed,
    pdfsig,
    pyhanko_status,
)


async def test_signed_result_validates_with_pyhanko_and_pdfsig(client, tmp_path):
    issued = await issued_result(client)
    unit_code = issued.dossier["code"].split("-")[0]
    assert issued.result["code"] == f"{issued.dossier['code']}-KQ1"
    # The hash the dossier shows is that of the signed file the citizen downloads.
    assert hashlib.sha256(issued.pdf).hexdigest() == issued.result["sha256"]

    chain = await agency_chain(client, unit_code)
    status = await pyhanko_status(issued.pdf, chain)
    assert status.intact and status.valid and status.trusted
    assert status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    # The signing certificate is the agency's, issued by the anchor of the agency's chain.
    assert status.signing_cert.dump() == chain[0].dump()
    subject = status.signing_cert.subject.native
    assert subject["organizational_unit_name"] == unit_code
    assert status.signing_cert.issuer == chain[-1].subject

    report = pdfsig(issued.pdf, tmp_path)
    assert "Signature Validation: Signature is Valid." in report, report
    assert "Total document signed" in report, report
    assert unit_code in report  # the signer's distinguished name names the agency


async def test_one_changed_byte_is_invalid_everywhere(client, tmp_path):
    issued = await issued_result(client)
    chain = await agency_chain(client, issued.dossier["code"].split("-")[0])
    tampered = one_byte_changed(issued.pdf)

    assert not (await pyhanko_status(tampered, chain)).intact
    report = pdfsig(tampered, tmp_path)
    assert "Signature is Valid" not in report and "Digest Mismatch" in report, report

    for method in ("GET", "POST"):
        answer = await client.request(method, "/v1/results/verify", content=tampered,
                                      headers={"Content-Type": "application/pdf",
                                               "Accept-Language": "en"})
        assert answer.status_code == 200, answer.text
        body = answer.json()
        assert body["valid"] is False and body["reason"] == "modified-after-signing"
        assert body["signature"]["intact"] is False
        assert "changed after signing" in body["message"]
        assert body["result_code"] == issued.result["code"]  # what the file claims to be


async def test_verify_names_the_agency_dossier_and_date_and_nothing_personal(client):
    issued = await issued_result(client)
    multipart = await client.request("GET", "/v1/results/verify",
                                     files={"file": ("kq.pdf", issued.pdf, "application/pdf")})
    assert multipart.status_code == 200, multipart.text
    body = multipart.json()
    assert body["valid"] is True and body["issued_here"] is True and body["reason"] == "ok"
    assert body["dossier_code"] == issued.dossier["code"]
    assert body["result_code"] == issued.result["code"]
    assert body["sha256"] == issued.result["sha256"]
    assert body["agency"]["unit_code"] == issued.dossier["code"].split("-")[0]
    assert body["signature"] == {**body["signature"], "intact": True, "trusted": True,
                                 "covers_whole_file": True}
    assert set(body) == {"valid", "issued_here", "reason", "message", "signature",
                         "result_code", "dossier_code", "issued_at", "sha256", "agency"}

    by_code = await client.get("/v1/results/verify", params={
        "code": issued.result["code"], "sha256": issued.result["sha256"]})
    assert by_code.json()["valid"] is True
    wrong_hash = await client.get("/v1/results/verify", params={
        "code": issued.result["code"], "sha256": "0" * 64})
    assert wrong_hash.json()["reason"] == "hash-mismatch" and not wrong_hash.json()["valid"]
    unknown = await client.get("/v1/results/verify", params={
        "code": "000.00.01.H22-261207-9999-KQ1", "sha256": "0" * 64})
    assert unknown.json() == {**unknown.json(), "valid": False, "issued_here": False,
                              "reason": "not-issued-here"}
    # The stamp's QR code carries the code alone: issued here, by whom, and the hash to compare.
    scanned = (await client.get("/v1/results/verify",
                                params={"code": issued.result["code"]})).json()
    assert scanned == {**scanned, "valid": True, "issued_here": True, "reason": "issued-here",
                       "sha256": issued.result["sha256"],
                       "dossier_code": issued.dossier["code"]}
    nothing = await client.get("/v1/results/verify")
    assert nothing.status_code == 422
    assert nothing.headers["content-type"].startswith("application/problem+json")


async def test_content_added_after_signing_is_reported(client):
    issued = await issued_result(client)
    # An incremental update drawing on the page after the signature: the signed revision is
    # intact, but the document shown is not the one signed.
    drawn = stamp_pdf(issued.pdf, StampText("Ai đó", "GIẢ-MẠO", datetime.now(UTC), "x"))
    answer = await client.post("/v1/results/verify", content=drawn,
                               headers={"Content-Type": "application/pdf"})
    body = answer.json()
    assert body["valid"] is False and body["reason"] == "content-added-after-signing"
    assert body["signature"]["intact"] is True and body["signature"]["covers_whole_file"] is False
    # Bytes after the end that add nothing still make another file than the one issued.
    trailing = await client.post("/v1/results/verify", content=issued.pdf + b"\n%extra\n",
                                 headers={"Content-Type": "application/pdf"})
    assert trailing.json()["valid"] is False and trailing.json()["reason"] == "hash-mismatch"
