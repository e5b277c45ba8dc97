"""Who may see a dossier. A citizen sees only their own; an officer only their agency's.
Anything else is reported as not found, so ids and codes reveal nothing."""

from __future__ import annotations

import uuid
from typing import cast

from auth.principal import Principal
from core.db.compiled import Compiled
from dossiers.problems import DossierNotFound
from dossiers.rows import DossierRow, ShownService, dossier_row
from models.dossiers import Dossier

# Run on nearly every request of the lifecycle: compiled once (core/db/compiled.py).
_OWN = Compiled(lambda dossier_id, person_id: Dossier.select().where(
    (Dossier.id == dossier_id) & (Dossier.applicant == person_id)).limit(1))
# The service fields a dossier is shown with (dossiers.views.detail), joined in.
_SHOWN_SERVICE = ("code", "procedure_code", "name_vi", "name_en", "level", "online_payment")
_PREFIX = "service__"
_OWN_SHOWN = Compiled(lambda dossier_id, person_id: Dossier.select(
    *Dossier.all_columns(),
    *(getattr(Dossier.service, name).as_alias(_PREFIX + name) for name in _SHOWN_SERVICE),
    # Piccolo types a join's second hop as a plain Column, which names no further column.
    Dossier.service.agency.unit_code.as_alias(_PREFIX + "agency_unit_code"),  # pyright: ignore[reportAttributeAccessIssue]
).where((Dossier.id == dossier_id) & (Dossier.applicant == person_id)).limit(1))
# A submission reads the draft and which of its slots hold a current file: one query, a row
# per such file (one with no slot when there is none).
_OWN_WITH_FILES = Compiled(lambda dossier_id, person_id: Dossier.raw(
    'SELECT "dossier".*, "dossier_attachment"."slot" AS "motcua_filled_slot" FROM "dossier" '
    'LEFT JOIN "dossier_attachment" ON "dossier_attachment"."dossier" = "dossier"."id" '
    'AND NOT "dossier_attachment"."superseded" '
    'WHERE "dossier"."id" = {} AND "dossier"."applicant" = {}', dossier_id, person_id))
_AGENCY = Compiled(lambda dossier_id, agency_id: Dossier.select().where(
    (Dossier.id == dossier_id) & (Dossier.agency == agency_id) & (Dossier.state != "draft")
).limit(1))


def parse_dossier_id(dossier_id: str | uuid.UUID) -> uuid.UUID:
    try:
        return dossier_id if isinstance(dossier_id, uuid.UUID) else uuid.UUID(str(dossier_id))
    except ValueError as exc:
        raise DossierNotFound() from exc


async def own_dossier(principal: Principal, dossier_id: str | uuid.UUID) -> DossierRow:
    """The dossier row if `principal` is its applicant; otherwise DossierNotFound."""
    row = await _OWN.first(dossier_id=parse_dossier_id(dossier_id), person_id=principal.person_id)
    if row is None:
        raise DossierNotFound()
    return dossier_row(row)


async def own_dossier_with_files(principal: Principal, dossier_id: str | uuid.UUID
                                 ) -> tuple[DossierRow, set[str]]:
    """`own_dossier` and the slots holding a current (not superseded) file, in one query."""
    rows = await _OWN_WITH_FILES.rows(dossier_id=parse_dossier_id(dossier_id),
                                      person_id=principal.person_id)
    if not rows:
        raise DossierNotFound()
    filled = {row.pop("motcua_filled_slot") for row in rows}
    filled.discard(None)
    return dossier_row(rows[0]), filled


async def own_dossier_shown(principal: Principal,
                            dossier_id: str | uuid.UUID) -> tuple[DossierRow, ShownService]:
    """`own_dossier` and the fields of its service that a dossier is shown with, in one query."""
    row = await _OWN_SHOWN.first(dossier_id=parse_dossier_id(dossier_id),
                                 person_id=principal.person_id)
    if row is None:
        raise DossierNotFound()
    service = {key[len(_PREFIX):]: row.pop(key) for key in list(row) if key.startswith(_PREFIX)}
    return dossier_row(row), cast(ShownService, service)


async def agency_dossier(principal: Principal, dossier_id: str | uuid.UUID) -> DossierRow:
    """The dossier row if it belongs to the officer's agency (and is no draft)."""
    if not principal.is_officer:
        raise DossierNotFound()
    row = await _AGENCY.first(dossier_id=parse_dossier_id(dossier_id),
                              agency_id=principal.agency_id)
    if row is None:
        raise DossierNotFound()
    return dossier_row(row)
