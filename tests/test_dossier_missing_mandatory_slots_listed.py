"""Submission needs every mandatory document: the slots still empty are named."""

from dossiers.attachments import add_attachment, missing_mandatory_slots
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
