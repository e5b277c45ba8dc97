"""Configured agencies sign with their own key from MOTCUA_SIGNING_DIR (here a PKCS#12 file with
a passphrase): the result validates against that agency's chain. An agency without a key there
cannot issue an electronic result: 503 `signing-unavailable`, and nothing changes."""

from __future__ import annotations

import dataclasses

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509 import load_pem_x509_certificates

from catalogue.seed import seed_demo
from documents import dev_ca
from documents.signer import AgencyIdentity
from models.catalogue import Agency
from tests.auth_helpers import client_with
from tests.dossier_factories import BIRTH, RESULT_PDF, agency_of
from tests.signed_result_support import (
    agency_chain,
    finish_with,
    issued_result,
    processing_dossier,
    pyhanko_status,
)


async def _pkcs12_for(unit_code: str, folder) -> None:
    row = await Agency.select(Agency.unit_code, Agency.name_vi, Agency.name_en).where(
        Agency.unit_code == unit_code).first()
    made = dev_ca.ensure_agency(folder / "issuing-ca", AgencyIdentity(**row))
    key = serialization.load_pem_private_key((made / "key.pem").read_bytes(), password=None)
    [cert] = load_pem_x509_certificates((made / "cert.pem").read_bytes())
    chain = load_pem_x509_certificates((made / "chain.pem").read_bytes())
    target = folder / "agency-keys" / unit_code
    target.mkdir(parents=True)
    (target / "signer.p12").write_bytes(pkcs12.serialize_key_and_certificates(
        b"agency", key, cert, chain, serialization.BestAvailableEncryption(b"mat-khau")))
    (target / "passphrase").write_bytes(b"mat-khau\n")


async def test_configured_agency_signs_with_its_pkcs12_key(settings, db, tmp_path):
    await seed_demo()
    unit_code = await agency_of(BIRTH)
    await _pkcs12_for(unit_code, tmp_path)
    configured = dataclasses.replace(settings, signing_dir=tmp_path / "agency-keys")
    async with client_with(configured) as client:
        issued = await issued_result(client, RESULT_PDF)
        chain = await agency_chain(client, unit_code)
    assert len(chain) == 2
    status = await pyhanko_status(issued.pdf, chain)
    assert status.intact and status.valid and status.trusted
    assert status.signing_cert.subject.native["organizational_unit_name"] == unit_code
    # Not the development CA under the data directory: nothing was generated there.
    assert not (settings.data_dir / "signing").exists()


async def test_agency_without_a_key_cannot_issue_and_nothing_changes(settings, db, tmp_path):
    await seed_demo()
    (tmp_path / "empty").mkdir()
    configured = dataclasses.replace(settings, signing_dir=tmp_path / "empty")
    async with client_with(configured) as client:
        citizen, officer, dossier = await processing_dossier(client)
        refused = await finish_with(client, officer, dossier["id"], RESULT_PDF)
        assert refused.status_code == 503, refused.text
        assert refused.json()["type"].endswith("/signing-unavailable")
        seen = (await client.get(f"/v1/dossiers/{dossier['id']}", headers=citizen)).json()
    assert seen["state"] == "processing" and seen["results"] == []
