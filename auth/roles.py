"""Officer and admin roles: a person acts for one agency (by its unit code)."""

from __future__ import annotations

import uuid

from auth.principal import ROLES
from core.audit import record
from core.changes import announce
from core.db import transaction
from core.problems import NotFound, ValidationFailed
from models.auth import Person
from models.catalogue import Agency


async def assign_role(person_id: str | uuid.UUID, unit_code: str, role: str, actor: str) -> None:
    """Give `role` in the agency `unit_code`; role `citizen` takes any agency role away.
    `actor` is who did it (a person id, or `cli`) for the audit trail."""
    if role not in ROLES:
        raise ValidationFailed(detail={"vi": "Vai trò không hợp lệ.", "en": "Unknown role."})
    try:
        pid = uuid.UUID(str(person_id))
    except ValueError:
        raise NotFound(detail={"vi": "Không có người dùng này.", "en": "No such person."}) from None
    async with transaction():
        agency = await Agency.select(Agency.id).where(Agency.unit_code == unit_code).first()
        if agency is None:
            raise NotFound(detail={"vi": "Không có cơ quan với mã này.",
                                   "en": "No agency with this unit code."})
        agency_id = None if role == "citizen" else agency["id"]
        changed = await Person.update({Person.role: role, Person.agency: agency_id}).where(
            Person.id == pid
        ).returning(Person.id)
        if not changed:
            raise NotFound(detail={"vi": "Không có người dùng này.", "en": "No such person."})
        await announce("person", pid)  # their sessions carry the role: forgotten everywhere
        await record("auth.role_assigned", actor_kind="system" if actor == "cli" else "admin",
                     actor_id=actor, subject_type="person", subject_id=str(pid),
                     detail={"role": role, "agency": unit_code})
