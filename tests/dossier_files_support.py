"""Small helpers for the dossier-file tests: a demo catalogue, a citizen with a draft (or a dossier
in a later state) built from model inserts, and file bytes of each kind."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import httpx

from catalogue.seed import seed_demo
from models.catalogue import Agency, Service
from models.dossiers import Dossier
from tests.auth_helpers import create_person, sign_in_tokens

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64

# HCM.DN.001 (business registration) has one slot, PDF only, 5 MiB.
PDF_ONLY_SERVICE, PDF_ONLY_SLOT = "HCM.DN.001", "giay_de_nghi"
# HN.HT.001 (birth registration): PDF, JPEG or PNG, 5 MiB; one mandatory slot.
BIRTH_SERVICE, BIRTH_SLOT = "HN.HT.001", "giay_chung_sinh"


@dataclass
class Citizen:
    person_id: uuid.UUID
    headers: dict[str, str]


async def citizen(client: httpx.AsyncClient) -> Citizen:
    person_id = await create_person()
    tokens = await sign_in_tokens(client, person_id=person_id)
    return Citizen(person_id, {"Authorization": f"Bearer {tokens.access_token}"})


async def demo_catalogue() -> None:
    if await Service.count() == 0:
        await seed_demo()


async def dossier_for(owner: Citizen, service_code: str, *, state: str = "draft",
                      code: str | None = None, supplement_count: int = 0) -> dict:
    """A dossier row of `owner` for a demo service, inserted directly in `state`."""
    await demo_catalogue()
    service = await Service.select(Service.id, Service.agency).where(
        Service.code == service_code).first()
    dossier = Dossier(service=service["id"], agency=service["agency"], applicant=owner.person_id,
                      state=state, code=code, supplement_count=supplement_count)
    await dossier.save()
    return await Dossier.select().where(Dossier.id == dossier.id).first()


async def agency_unit_code(dossier_row: dict) -> str:
    return (await Agency.select(Agency.unit_code).where(Agency.id == dossier_row["agency"])
            .first())["unit_code"]


def upload(slot: str, filename: str, data: bytes, content_type: str) -> dict:
    """httpx arguments for a multipart upload: the slot field, then the file."""
    return {"data": {"slot": slot}, "files": {"file": (filename, data, content_type)}}


def stored_files(client: httpx.AsyncClient) -> list:
    """Every file under the app's storage directory (finished or temporary)."""
    from tests.auth_helpers import app_settings

    root = app_settings(client).data_dir / "files"
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


BOUNDARY = "motcua-test-boundary"


def multipart_head(slot: str, filename: str, content_type: str) -> bytes:
    """The start of a hand-made multipart body: the slot field and the file part's headers."""
    return (f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"slot\"\r\n\r\n{slot}\r\n"
            f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; "
            f"filename=\"{filename}\"\r\nContent-Type: {content_type}\r\n\r\n").encode()


MULTIPART_TAIL = f"\r\n--{BOUNDARY}--\r\n".encode()
MULTIPART_HEADERS = {"Content-Type": f"multipart/form-data; boundary={BOUNDARY}"}
