"""Who may see a dossier. A citizen sees only their own; an officer only their agency's.
Anything else is reported as not found, so ids and codes reveal nothing."""

from __future__ import annotations

import uuid
from typing import Any

from auth.principal import Principal
from dossiers.problems import DossierNotFound
from models.dossiers import Dossier


def _parse(dossier_id: str | uuid.UUID) -> uuid.UUID:
    try:
        return dossier_id if isinstance(dossier_id, uuid.UUID) else uuid.UUID(str(dossier_id))
    except ValueError as exc:
        raise DossierNotFound() from exc


async def own_dossier(principal: Principal, dossier_id: str | uuid.UUID) -> dict[str, Any]:
    """The dossier row if `principal` is its applicant; otherwise DossierNotFound."""
    row = await Dossier.select().where(
        (Dossier.id == _parse(dossier_id)) & (Dossier.applicant == principal.person_id)
    ).first()
    if row is None:
        raise DossierNotFound()
    return row


async def agency_dossier(principal: Principal, dossier_id: str | uuid.UUID) -> dict[str, Any]:
    """The dossier row if it belongs to the officer's agency (and is no draft)."""
    if not principal.is_officer:
        raise DossierNotFound()
    row = await Dossier.select().where(
        (Dossier.id == _parse(dossier_id))
        & (Dossier.agency == principal.agency_id)
        & (Dossier.state != "draft")
    ).first()
    if row is None:
        raise DossierNotFound()
    return row
