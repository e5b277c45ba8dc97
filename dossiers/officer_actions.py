"""What an officer of the competent agency does to a dossier. Each action is one edge of the
state machine plus its side effects; anything the state, the agency or the service's level does
not allow is refused with a problem and changes nothing."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from auth.principal import Principal
from core import clock
from core.problems import ValidationFailed
from dossiers import finishing, settlement, supplements, timing, transitions
from dossiers.context import service_by_id
from dossiers.fee_category import check_category, fee_corrected, requote
from dossiers.finishing import ResultFile
from dossiers.rows import DossierRow
from dossiers.transitions import Actor

ACTIONS = ("receive", "refuse", "request_supplement", "request_payment", "process", "finish",
           "stop", "hand_over", "mark_paid")
NEEDS_REASON = frozenset({"refuse", "stop"})


@dataclass
class OfficerAction:
    action: str
    reason: str = ""
    note: str = ""
    missing_slots: list[str] = field(default_factory=list)
    payment_channel: str | None = None  # online | counter
    result_kind: str | None = None  # electronic | paper (finish)
    result_file: ResultFile | None = None
    new_due_date: date | None = None  # finish after the due date
    applicant_category: str | None = None  # receive: the category as the officer found it


async def act(principal: Principal, row: DossierRow, request: OfficerAction) -> DossierRow:
    actor = Actor.of(principal, "officer")
    action, text = request.action, (request.reason or request.note).strip()
    if action in NEEDS_REASON and not request.reason.strip():
        raise ValidationFailed(extra={"errors": [
            {"pointer": "/reason", "detail": "A reason is required for this action"}]})
    transitions.check(row, action, actor)
    if action == "receive":
        return await _receive(row, actor, text, request.applicant_category)
    if action == "request_supplement":
        return await supplements.request_supplement(row, actor, request.missing_slots, text)
    if action == "request_payment":
        return await settlement.request_payment(row, actor, request.payment_channel, text)
    if action == "mark_paid":
        return await settlement.settle_fee(row["id"], paid_online=False, actor=actor)
    if action == "process":
        settlement.require_paid_if_full_process(row, await service_by_id(row["service"]))
        return await transitions.apply(row, "process", actor, note=text)
    if action == "finish":
        return await finishing.finish(principal, row, request.result_kind or "",
                                      request.result_file, request.new_due_date, text)
    if action in ("refuse", "stop", "hand_over"):
        return await _close(row, action, actor, text)
    raise ValidationFailed(extra={"errors": [{"pointer": "/action", "detail": "Unknown action"}]})


async def _receive(row: DossierRow, actor: Actor, note: str,
                   category: str | None) -> DossierRow:
    # The clock starts now (status 2), from the service's processing time.
    at = clock.now()
    service = await service_by_id(row["service"])
    due = await timing.due_at_for(service, at, row["submission_channel"])
    changes: dict[str, Any] = {"received_at": at, "due_at": due, "original_due_at": due}
    after: Callable[[DossierRow, int], Awaitable[None]] | None = None
    if category is not None and category != row["applicant_category"]:
        # The officer corrects the declared category: the fee is quoted again as at submission.
        check_category(service, category, "/applicant_category")
        corrected = await requote(row, service, category)
        changes.update(applicant_category=category, fee_quote=corrected,
                       fee_total=corrected["total"])

        async def after_correction(new: DossierRow, event_id: int) -> None:
            await fee_corrected(row, new, event_id)
        after = after_correction
    return await transitions.apply(row, "receive", actor, at=at, note=note, service=service,
                                   changes=changes, after=after)


async def _close(row: DossierRow, action: str, actor: Actor, note: str) -> DossierRow:
    at = clock.now()

    async def end(current: DossierRow) -> dict[str, Any]:
        return {"closed_at": at, **await supplements.close_pause(current, at)}

    return await transitions.apply(row, action, actor, at=at, note=note, before=end,
                                   detail={"reason": note} if action != "hand_over" else None)
