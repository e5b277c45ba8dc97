"""Supplement requests (yêu cầu bổ sung): the agency names the missing documents, the deadline
clock stops (one DossierPause per request), the citizen uploads the documents as supplement
round n (dossiers/attachments.py) and answers; the clock restarts and the due date moves by the
working days spent waiting."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from core import clock
from core.problems import ValidationFailed
from dossiers import timing, transitions
from dossiers.attachments import document_slots
from dossiers.context import service_by_id
from dossiers.problems import DocumentsMissing
from dossiers.rows import DossierRow
from dossiers.transitions import Actor
from models.dossiers import DossierAttachment, DossierEvent, DossierPause


async def request_supplement(row: DossierRow, actor: Actor, missing_slots: list[str],
                             note: str) -> DossierRow:
    transitions.check(row, "request_supplement", actor)
    slots = await document_slots(row["service"])
    unknown = [slot for slot in missing_slots if slot not in slots]
    if not missing_slots or unknown:
        raise ValidationFailed(extra={"errors": [{
            "pointer": "/missing_slots",
            "detail": "Name one or more document slots of the service"
                      + (f"; unknown: {', '.join(unknown)}" if unknown else "")}]})
    at = clock.now()

    async def open_pause(current: DossierRow) -> dict[str, Any]:
        await DossierPause.insert(DossierPause(dossier=current["id"], started_at=at, reason=note))
        return {"paused_since": at, "supplement_count": current["supplement_count"] + 1}

    return await transitions.apply(row, "request_supplement", actor, at=at, note=note,
                                   before=open_pause,
                                   detail={"missing_slots": sorted(set(missing_slots))})


async def requested_slots(row: DossierRow) -> list[str]:
    """The slots named by the latest supplement request."""
    event = await (DossierEvent.select(DossierEvent.detail)
                   .where((DossierEvent.dossier == row["id"])
                          & (DossierEvent.event == "dossier.supplement_requested"))
                   .order_by(DossierEvent.id, ascending=False).first().output(load_json=True))
    return list((event or {}).get("detail", {}).get("missing_slots", []))


async def close_pause(row: DossierRow, at: datetime) -> dict[str, Any]:
    """End the open pause (inside the caller's transaction); returns the dossier's new dates."""
    if row["paused_since"] is None:
        return {}
    await DossierPause.update({DossierPause.ended_at: at}).where(
        (DossierPause.dossier == row["id"]) & DossierPause.ended_at.is_null())
    return {
        "paused_since": None,
        "due_at": await timing.after_pause(row["due_at"], row["paused_since"], at),
        "original_due_at": await timing.after_pause(row["original_due_at"], row["paused_since"],
                                                    at),
    }


async def answer_supplement(row: DossierRow, actor: Actor, note: str) -> DossierRow:
    transitions.check(row, "supplement", actor)
    wanted = await requested_slots(row)
    uploaded = set(await (DossierAttachment.select(DossierAttachment.slot)
                          .where((DossierAttachment.dossier == row["id"])
                                 & (DossierAttachment.round == row["supplement_count"])
                                 & (DossierAttachment.superseded == False))  # noqa: E712
                          .output(as_list=True)))
    missing = [slot for slot in wanted if slot not in uploaded]
    if missing:
        raise DocumentsMissing(extra={"missing_slots": missing, "errors": [
            {"pointer": f"/attachments/{slot}", "detail": "Upload this document first"}
            for slot in missing]})
    at = clock.now()

    async def restart_clock(current: DossierRow) -> dict[str, Any]:
        values = await close_pause(current, at)
        if current["received_at"] is None:
            # Asked to supplement before receipt: the completed dossier is received now.
            service = await service_by_id(current["service"])
            due = await timing.due_at_for(service, at, current["submission_channel"])
            values.update(received_at=at, due_at=due, original_due_at=due)
        return values

    return await transitions.apply(row, "supplement", actor, at=at, note=note,
                                   before=restart_clock,
                                   detail={"round": row["supplement_count"], "slots": wanted})
