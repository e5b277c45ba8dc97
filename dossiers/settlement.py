"""The fee of a dossier: asking for it and recording that it was paid.

Full-process services take the fee online before processing continues (Decree 42/2022 Art. 11);
a partial service may take it at the counter, which an officer records. The payments issue will
call `settle_fee` as actor `system` when a verified payment arrives."""

from __future__ import annotations

import json
import uuid
from typing import Any

from core import clock
from core.changes import announce
from core.db import transaction
from core.problems import ValidationFailed
from dossiers import transitions
from dossiers.context import is_full_process, service_by_id
from dossiers.offline import partial_reason
from dossiers.problems import DossierNotFound, FeeNotPaidOnline, OnlineOnly, StepNotOnline
from dossiers.rows import DossierRow, ServiceRow, dossier_row
from dossiers.transitions import Actor
from models.dossiers import Dossier, DossierEvent


def online_only(row: DossierRow, service: ServiceRow) -> bool:
    """The fee of this dossier may be paid online only: a full-process service's online
    dossier. One taken in at the counter or by post (dossiers/counter.py) pays at the desk."""
    return is_full_process(service) and row["submission_channel"] == 2


def fee_unpaid_online(row: DossierRow, service: ServiceRow) -> bool:
    return online_only(row, service) and row["fee_total"] > 0 and not row["paid_online"]


def require_paid_if_full_process(row: DossierRow, service: ServiceRow) -> None:
    if fee_unpaid_online(row, service):
        raise FeeNotPaidOnline(extra={"fee_total": row["fee_total"]})


async def request_payment(row: DossierRow, actor: Actor, channel: str | None,
                          note: str) -> DossierRow:
    transitions.check(row, "request_payment", actor)
    if row["fee_total"] <= 0:
        raise ValidationFailed(extra={"errors": [
            {"pointer": "/action", "detail": "No fee is due on this dossier"}]})
    service = await service_by_id(row["service"])
    channel = channel or ("online" if service["online_payment"] and row["submission_channel"] == 2
                          else "counter")
    if channel == "online" and not service["online_payment"]:
        raise StepNotOnline(extra={"step": "online_payment", **partial_reason(service)})
    if channel == "counter" and online_only(row, service):
        raise OnlineOnly(extra={"step": "counter_payment"})
    return await transitions.apply(row, "request_payment", actor, note=note, service=service,
                                   detail={"amount": row["fee_total"], "channel": channel})


async def settle_fee(dossier_id: uuid.UUID | str, *, paid_online: bool,
                     actor: Actor) -> DossierRow:
    """Record that the fee was paid (online, or at the counter) and resume processing."""
    found = await Dossier.select().where(Dossier.id == uuid.UUID(str(dossier_id))).first()
    if found is None:
        raise DossierNotFound()
    row = dossier_row(found)
    transitions.check(row, "mark_paid", actor)
    service = await service_by_id(row["service"])
    if not paid_online and online_only(row, service):
        raise OnlineOnly(extra={"step": "counter_payment"})
    return await transitions.apply(
        row, "mark_paid", actor, changes={"paid_online": paid_online}, service=service,
        detail={"amount": row["fee_total"], "paid_online": paid_online},
    )


async def record_fee_paid(dossier_id: uuid.UUID | str, *, actor: Actor,
                          detail: dict[str, Any] | None = None) -> DossierRow:
    """The fee arrived online while the dossier was not waiting for it (paid right after
    submission, or while an officer is still receiving it): flag it and note it in the timeline,
    without a state change. Joins the caller's transaction."""
    key = uuid.UUID(str(dossier_id))
    at = clock.now()
    async with transaction():
        changed = await Dossier.update({
            Dossier.paid_online: True, Dossier.updated_at: at, Dossier.version: Dossier.version + 1,
        }).where(Dossier.id == key).returning(Dossier.id)
        if not changed:
            raise DossierNotFound()
        await announce("dossier", key)
        row = await Dossier.select().where(Dossier.id == key).first()
        assert row is not None  # updated above
        await DossierEvent.insert(DossierEvent(
            dossier=key, at=at, event="dossier.fee_paid", from_state=row["state"],
            to_state=row["state"], actor_kind=actor.kind, actor_id=actor.id,
            detail=json.dumps(detail or {}, ensure_ascii=False, default=str),
        ))
    return dossier_row(row)
