"""What a citizen does to a submitted dossier: withdraw it, or answer a supplement request."""

from __future__ import annotations

from typing import Any

from auth.principal import Principal
from core import clock
from dossiers import supplements, transitions
from dossiers.rows import DossierRow
from dossiers.transitions import Actor


async def withdraw(principal: Principal, row: DossierRow, reason: str) -> DossierRow:
    """Possible until a result exists (the table has no withdraw edge from result_ready on)."""
    actor = Actor.of(principal, "citizen")
    transitions.check(row, "withdraw", actor)
    at = clock.now()

    async def end(current: DossierRow) -> dict[str, Any]:
        return {"closed_at": at, **await supplements.close_pause(current, at)}

    return await transitions.apply(row, "withdraw", actor, at=at, note=reason, before=end)


async def supplement(principal: Principal, row: DossierRow, note: str) -> DossierRow:
    return await supplements.answer_supplement(row, Actor.of(principal, "citizen"), note)
