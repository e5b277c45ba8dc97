"""A dossier finished by its officer with an electronic result, through the public API, and the
tools to check the signed file independently (pyHanko's validator, Poppler's pdfsig)."""

from __future__ import annotations

import io
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import async_validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from documents.signer import AgencyIdentity
from documents.signer_registry import signer_for
from models.catalogue import Agency
from tests.auth_helpers import app_settings
from tests.dossier_factories import (
    BIRTH,
    RESULT_PDF,
    act,
    citizen_headers,
    officer_headers,
    submitted_dossier,
)


@dataclass
class Issued:
    citizen: dict[str, str]
    officer: dict[str, str]
    dossier: dict[str, Any]
    result: dict[str, Any]  # as listed on the dossier
    pdf: bytes  # as downloaded by the citizen


async def processing_dossier(client: httpx.AsyncClient, service: str = BIRTH,
                             citizen: dict[str, str] | None = None):
    """(citizen, officer, dossier): submitted for an electronic result, received, in progress."""
    citizen = citizen or await citizen_headers(client)
    officer = await officer_headers(client, service)
    dossier = await submitted_dossier(client, citizen, service, result_delivery="electronic")
    for action in ("receive", "process"):
        answer = await act(client, officer, dossier["id"], action)
        assert answer.status_code == 200, answer.text
    return citizen, officer, dossier


async def finish_with(client: httpx.AsyncClient, officer: dict[str, str], dossier_id: str,
                      content: bytes, filename: str = "giay-khai-sinh.pdf") -> httpx.Response:
    return await client.post(f"/v1/officer/dossiers/{dossier_id}/actions", headers=officer,
                             data={"action": "finish"},
                             files={"file": (filename, content, "application/pdf")})


async def issued_result(client: httpx.AsyncClient, content: bytes = RESULT_PDF,
                        service: str = BIRTH, citizen: dict[str, str] | None = None,
                        filename: str = "giay-khai-sinh.pdf") -> Issued:
    citizen, officer, dossier = await processing_dossier(client, service, citizen)
    finished = await finish_with(client, officer, dossier["id"], content, filename)
    assert finished.status_code == 200, finished.text
    result = finished.json()["results"][-1]
    download = await client.get(f"/v1/dossiers/{dossier['id']}/results/{result['number']}",
                                headers=citizen)
    assert download.status_code == 200
    return Issued(citizen, officer, dossier, result, download.content)


async def agency_chain(client: httpx.AsyncClient, unit_code: str):
    row = await Agency.select(Agency.unit_code, Agency.name_vi, Agency.name_en).where(
        Agency.unit_code == unit_code).first()
    return signer_for(app_settings(client)).chain(AgencyIdentity(**row))


async def pyhanko_status(pdf: bytes, chain):
    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    context = ValidationContext(trust_roots=[chain[-1]], other_certs=chain[:-1])
    return await async_validate_pdf_signature(reader.embedded_signatures[-1],
                                              signer_validation_context=context)


def pdfsig(pdf: bytes, folder: Path) -> str:
    """Poppler's report on the file's signatures (Debian package poppler-utils)."""
    tool = shutil.which("pdfsig")
    assert tool, "pdfsig is missing: apt-get install -y poppler-utils"
    path = folder / "result.pdf"
    path.write_bytes(pdf)
    done = subprocess.run([tool, str(path)], capture_output=True, text=True, timeout=60)
    return done.stdout + done.stderr


def one_byte_changed(pdf: bytes) -> bytes:
    """The file with one byte of the officer's page content changed: inside the signed range."""
    changed = bytearray(pdf)
    where = pdf.index(b"stream") + 20
    changed[where] ^= 0x01
    return bytes(changed)
