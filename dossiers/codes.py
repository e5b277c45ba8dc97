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
    """The next dossier code of the agency for the local day of `at`.

    Submission takes its number in a statement of its own (a transaction that commits at once),
    after every check and just before the transaction that stores the code. Numbers never
    repeat: the counter row is committed before its number is used. The counter row is locked
    only for that statement: taken inside the submission's transaction it was held through the
    whole transaction, and submissions to one agency queued behind each other (at 32 concurrent
    submissions on the benchmark machine: a third less throughput, three times the p99). The
    price is a gap in the day's sequence when a submission fails after taking its number (a
    concurrent change of the same draft, a crash) - the law asks that codes never repeat, not
    that none is skipped."""
    day = at.astimezone(LOCAL).date()
    rows = await _ALLOCATE.rows(unit=agency_unit_code, day=day)
    return f"{agency_unit_code}-{day:%y%m%d}-{rows[0]['last']:04d}"
