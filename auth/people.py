"""A person's own profile, with personal numbers masked: a stolen phone screen or a screenshot
in a support chat should not give away the full ID number."""

from __future__ import annotations

import uuid
from typing import Any

from piccolo.columns import Column

from core.changes import announce
from core.problems import NotFound
from models.auth import Person


def mask(value: str, keep_start: int, keep_end: int) -> str:
    if len(value) <= keep_start + keep_end:
        return "*" * len(value)
    hidden = len(value) - keep_start - keep_end
    return value[:keep_start] + "*" * hidden + value[len(value) - keep_end:]


def mask_id_number(value: str) -> str:
    return mask(value, 4, 3)  # 001099012345 → 0010*****345


def mask_phone(value: str) -> str:
    return mask(value, 3, 3) if value else ""  # 0912345678 → 091****678


async def profile(person_id: uuid.UUID) -> dict:
    row = await Person.select(
        Person.id, Person.id_number, Person.full_name, Person.phone, Person.email,
        Person.role, Person.locale, Person.agency.unit_code, Person.agency.name_vi,
        Person.agency.name_en,
    ).where(Person.id == person_id).first()
    if row is None:
        raise NotFound()
    agency = None
    if row["agency.unit_code"]:
        agency = {"unit_code": row["agency.unit_code"], "name_vi": row["agency.name_vi"],
                  "name_en": row["agency.name_en"]}
    return {
        "id": row["id"],
        "full_name": row["full_name"],
        "id_number_masked": mask_id_number(row["id_number"]),
        "phone_masked": mask_phone(row["phone"]),
        "email": row["email"],
        "role": row["role"],
        "agency": agency,
        "locale": row["locale"],
    }


async def find_or_register(id_number: str, *, full_name: str, phone: str = "",
                           email: str = "") -> tuple[uuid.UUID, bool]:
    """The Person with this ID number, created if unknown (a citizen registered at the counter
    before ever signing in: their first sign-in finds this row, and with it their dossiers).
    Blank fields are filled in; what the person or the SSO already gave is never overwritten.
    Returns (person id, created). Joins the caller's transaction."""
    new_id = uuid.uuid4()
    # ON CONFLICT: the same citizen registered at two desks at once must not be inserted twice.
    inserted = await Person.insert(Person(
        id=new_id, id_number=id_number, full_name=full_name, phone=phone, email=email,
    )).on_conflict(target=Person.id_number, action="DO NOTHING").returning(Person.id)
    if inserted:
        return new_id, True
    row = await Person.select(Person.id, Person.full_name, Person.phone, Person.email).where(
        Person.id_number == id_number).first()
    assert row is not None  # the insert above conflicted with it
    blanks: dict[Column | str, Any] = {
        column: value for column, value in ((Person.full_name, full_name),
                                            (Person.phone, phone), (Person.email, email))
        if value and not row[column._meta.name]}
    if blanks:
        await Person.update(blanks).where(Person.id == row["id"])
        await announce("person", row["id"])
    return row["id"], False
