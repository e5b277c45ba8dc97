"""Dossier codes (mã hồ sơ), Circular 01/2018/TT-VPCP Art. 19:
`<agency unit code>-<YYMMDD>-<4-digit sequence within that day>`.

The law dates the code by receipt; like the national systems, we assign it when an online
dossier is submitted (the submission is its receipt by the online portal), so the citizen has
the code at once. The day is the local (Viet Nam) day."""

from __future__ import annotations

from datetime import datetime

from core.db.compiled import Compiled
from dossiers.clock import LOCAL
from models.dossiers import DossierCodeCounter

# One atomic upsert on the unique (agency_unit_code, day) index: concurrent submissions of one
# agency queue on that row, each gets the next number, and none is ever handed out twice — on
# PostgreSQL (row lock of the conflicting tuple) and on SQLite (one writer at a time) alike.
_NEXT = (
    "INSERT INTO dossier_code_counter (agency_unit_code, day, last) VALUES ({}, {}, 1) "
    "ON CONFLICT (agency_unit_code, day) "
    "DO UPDATE SET last = dossier_code_counter.last + 1 RETURNING last"
)

_ALLOCATE = Compiled(lambda unit, day: DossierCodeCounter.raw(_NEXT, unit, day))


async def allocate_code(agency_unit_code: str, at: datetime) -> str:
    """The next dossier code of the agency for the local day of `at`. Call it inside the
    transaction that stores the code, so a rolled-back submission gives its number back."""
    day = at.astimezone(LOCAL).date()
    rows = await _ALLOCATE.rows(unit=agency_unit_code, day=day)
    return f"{agency_unit_code}-{day:%y%m%d}-{rows[0]['last']:04d}"
