"""Submission needs every mandatory document: the slots still empty are named."""

import uuid

import pytest

from auth.principal import Principal
from dossiers.access import own_dossier, own_dossier_with_files
from dossiers.attachments import add_attachment, missing_mandatory_slots
from dossiers.problems import DossierNotFound
from dossiers.storage import LocalStorage, use_storage
from tests.auth_helpers import create_person
from tests.dossier_files_support import BIRTH_SERVICE, BIRTH_SLOT, PNG, Citizen, dossier_for


async def test_mandatory_slot_is_missing_until_a_file_fills_it(db, tmp_path):
    use_storage(LocalStorage(tmp_path / "files"))
    draft = await dossier_for(Citizen(await create_person(), {}), BIRTH_SERVICE)

    assert await missing_mandatory_slots(draft) == [BIRTH_SLOT]

    # An optional slot does not count; the mandatory one does.
    await add_attachment(draft, "giay_to_ket_hon", "kh.png", PNG)
    assert await missing_mandatory_slots(draft) == [BIRTH_SLOT]
    await add_attachment(draft, BIRTH_SLOT, "chung-sinh.png", PNG)
    assert await missing_mandatory_slots(draft) == []


async def test_submission_reads_the_draft_and_its_filled_slots_in_one_query(db, tmp_path):
    use_storage(LocalStorage(tmp_path / "files"))
    owner = Citizen(await create_person(), {})
    draft = await dossier_for(owner, BIRTH_SERVICE)
    principal = Principal(owner.person_id, "citizen", uuid.uuid4())

    row, filled = await own_dossier_with_files(principal, draft["id"])
    assert row == await own_dossier(principal, draft["id"]) and filled == set()
    assert await missing_mandatory_slots(row, filled) == [BIRTH_SLOT]

    await add_attachment(draft, "giay_to_ket_hon", "kh.png", PNG)
    await add_attachment(draft, BIRTH_SLOT, "first.png", PNG)
    await add_attachment(draft, BIRTH_SLOT, "replaces-first.png", PNG)  # one slot, once
    row, filled = await own_dossier_with_files(principal, draft["id"])
    assert row == await own_dossier(principal, draft["id"])
    assert filled == {BIRTH_SLOT, "giay_to_ket_hon"}
    assert await missing_mandatory_slots(row, filled) == []

    stranger = Principal(await create_person(), "citizen", uuid.uuid4())
    with pytest.raises(DossierNotFound):  # someone else's draft does not exist for them
        await own_dossier_with_files(stranger, draft["id"])
