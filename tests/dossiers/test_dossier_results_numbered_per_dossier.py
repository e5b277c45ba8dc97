"""An officer's electronic results are numbered per dossier as <dossier code>-KQ<n>, hashed with
SHA-256 and stored; the stored bytes are the ones sent."""

import hashlib
import uuid

import pytest

from auth.principal import Principal
from dossiers.problems import FileTypeNotAccepted, NotYourAgency
from dossiers.results import add_electronic_result, owned_result
from dossiers.storage import LocalStorage, open_stored, use_storage
from models.dossiers import Dossier, DossierResult
from tests.auth_helpers import create_person
from tests.dossier_files_support import BIRTH_SERVICE, JPEG, PDF, Citizen, dossier_for


async def _collect(chunks) -> bytes:
    return b"".join([chunk async for chunk in chunks])


async def test_results_are_numbered_per_dossier_and_stored(db, tmp_path):
    use_storage(LocalStorage(tmp_path / "files"))
    owner = Citizen(await create_person(), {})
    dossier = await dossier_for(owner, BIRTH_SERVICE, state="processing",
                                code="000.00.01.H22-261122-0007")
    officer = Principal(person_id=uuid.uuid4(), role="officer", session_id=uuid.uuid4(),
                        agency_id=dossier["agency"])

    first = await add_electronic_result(dossier, "giay-khai-sinh.pdf", PDF, "application/pdf",
                                        officer)
    second = await add_electronic_result(dossier, "ban-sao.jpg", JPEG, None, officer)

    assert first["code"] == "000.00.01.H22-261122-0007-KQ1"
    assert second["code"] == "000.00.01.H22-261122-0007-KQ2"
    assert first["sha256"] == hashlib.sha256(PDF).hexdigest()
    assert second["content_type"] == "image/jpeg"
    stored = await owned_result(Principal(owner.person_id, "citizen", uuid.uuid4()),
                                dossier["id"], 1)
    assert await _collect(await open_stored(stored)) == PDF
    flags = await Dossier.select(Dossier.electronic_result).where(
        Dossier.id == dossier["id"]).first()
    assert flags["electronic_result"] is True


async def test_result_of_unknown_kind_or_other_agency_is_refused_and_not_kept(db, tmp_path):
    use_storage(LocalStorage(tmp_path / "files"))
    owner = Citizen(await create_person(), {})
    dossier = await dossier_for(owner, BIRTH_SERVICE, state="processing",
                                code="000.00.01.H22-261122-0008")
    officer = Principal(uuid.uuid4(), "officer", uuid.uuid4(), agency_id=dossier["agency"])
    stranger = Principal(uuid.uuid4(), "officer", uuid.uuid4(), agency_id=dossier["agency"] + 999)

    with pytest.raises(FileTypeNotAccepted):
        await add_electronic_result(dossier, "kq.pdf", b"MZ\x90\x00" + b"\x00" * 40,
                                    "application/pdf", officer)
    with pytest.raises(NotYourAgency):
        await add_electronic_result(dossier, "kq.pdf", PDF, "application/pdf", stranger)

    assert await DossierResult.count() == 0
    assert [p for p in (tmp_path / "files").rglob("*") if p.is_file()] == []
