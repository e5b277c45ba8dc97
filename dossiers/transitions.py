"""Applying one edge of the state machine (dossiers/states.py) to a dossier.

Everything a transition changes happens in one transaction: the guarded update of the dossier
(`WHERE state = :from AND version = :version`: of two officers acting at once exactly one wins),
the timeline row, the audit record, the per-action side effects, and one outbox row per job
subscribed to the edge's event (jobs.publish), so notifications and national sync never miss a
change nor hear of one that was rolled back."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from auth.principal import Principal
from core.changes import announce
from core.db import transaction
from core.db.compiled import Compiled, compiled_insert
from core.logs import request_id_var
from dossiers import clock
from dossiers.context import service_by_id
from dossiers.problems import ActionNotAllowed, ConcurrentChange
from dossiers.states import NATIONAL_STATUS, TRANSITIONS, find
from dossiers.states import Actor as ActorKind
from jobs.publish import publish
from models.audit import AuditEvent
from models.dossiers import Dossier, DossierEvent

# Work done inside the transaction: `before` gets the dossier as read and returns more column
# values for the update; `after` gets the updated dossier and the timeline row id.
Before = Callable[[dict[str, Any]], Awaitable[dict[str, Any] | None]]
After = Callable[[dict[str, Any], int], Awaitable[None]]


@dataclass(frozen=True)
class Actor:
    kind: ActorKind  # citizen | officer | system
    id: str = ""  # a person's uuid or a system component's name — never an ID number

    @classmethod
    def of(cls, principal: Principal, kind: ActorKind) -> Actor:
        return cls(kind, str(principal.person_id))


# Written by every transition: compiled once (core/db/compiled.py).
_TIMELINE = compiled_insert(DossierEvent, returning=(DossierEvent.id,))
_AUDIT = compiled_insert(AuditEvent)


def allowed_actions(state: str, kind: str) -> list[str]:
    return sorted({e.action for e in TRANSITIONS if e.source == state and e.actor == kind})


def not_allowed(row: dict[str, Any], kind: str) -> ActionNotAllowed:
    return ActionNotAllowed(extra={"state": row["state"], "status_code": row["status_code"],
                                   "allowed_actions": allowed_actions(row["state"], kind)})


def check(row: dict[str, Any], action: str, actor: Actor) -> None:
    """Raise ActionNotAllowed now, before any slow work, if the edge does not exist."""
    if find(action, row["state"], actor.kind) is None:
        raise not_allowed(row, actor.kind)


JSON_COLUMNS = frozenset({"form_data", "offline_steps", "fee_quote"})


def column_value(name: str, value: Any) -> Any:
    """A dossier column's value as it is written (JSON columns as text)."""
    return json.dumps(value, ensure_ascii=False, default=str) if name in JSON_COLUMNS else value


@lru_cache(maxsize=128)  # one per set of changed columns: a few per action
def _guarded_update(names: tuple[str, ...]) -> Compiled:
    """`UPDATE dossier SET <names>, version = version + 1 WHERE id, state and version are as
    read RETURNING *`, compiled once per set of columns (each action changes the same ones)."""
    def build(**params):
        return Dossier.update(
            {**{getattr(Dossier, name): params[name] for name in names},
             Dossier.version: Dossier.version + 1}
        ).where(
            (Dossier.id == params["where_id"]) & (Dossier.state == params["where_state"])
            & (Dossier.version == params["where_version"])
        ).returning(*Dossier.all_columns())

    return Compiled(build, (*names, "where_id", "where_state", "where_version"))


async def apply(row: dict[str, Any], action: str, actor: Actor, *, note: str = "",
                detail: dict[str, Any] | None = None, changes: dict[str, Any] | None = None,
                before: Before | None = None, after: After | None = None,
                at: datetime | None = None,
                service: dict[str, Any] | None = None) -> dict[str, Any]:
    """Move `row` along the edge (action, its state, actor kind); returns the updated row.
    `service` (dossiers.context) may be passed by a caller that has loaded it already."""
    edge = find(action, row["state"], actor.kind)
    if edge is None:
        raise not_allowed(row, actor.kind)
    at = at or clock.now()
    service = service or await service_by_id(row["service"])
    async with transaction():
        values = dict(changes or {})
        if before is not None:
            values.update(await before(row) or {})
        values.update(state=edge.target, status_code=NATIONAL_STATUS[edge.target], updated_at=at)
        names = tuple(sorted(values))
        changed = await _guarded_update(names).rows(
            **{name: column_value(name, values[name]) for name in names},
            where_id=row["id"], where_state=row["state"], where_version=row["version"])
        if not changed:
            raise ConcurrentChange(extra={"state": row["state"]})
        await announce("dossier", row["id"])
        new = changed[0]
        inserted = await _TIMELINE.rows(
            dossier=row["id"], at=at, event=edge.event, from_state=row["state"],
            to_state=edge.target, actor_kind=actor.kind, actor_id=actor.id, note=note,
            detail=json.dumps(detail or {}, ensure_ascii=False, default=str))
        event_id = inserted[0]["id"]
        await _AUDIT.rows(
            at=at, actor_kind=actor.kind, actor_id=actor.id, action=edge.event,
            subject_type="dossier", subject_id=str(row["id"]),
            detail=json.dumps({"from": row["state"], "to": edge.target, "code": new["code"]}),
            request_id=request_id_var.get())
        await publish(edge.event, event_payload(new, service, row["state"], at),
                      event_key=str(event_id))
        if after is not None:
            await after(new, event_id)
    return new


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def event_payload(new: dict[str, Any], service: dict[str, Any], from_state: str,
                  at: datetime) -> dict[str, Any]:
    """What consumers (notifications, national sync, postal) get about a status change."""
    return {
        "dossier_id": str(new["id"]), "code": new["code"],
        "service_code": service["code"], "procedure_code": service["procedure_code"],
        "agency_unit_code": service["agency_unit_code"],
        "from_state": from_state, "to_state": new["state"], "status_code": new["status_code"],
        "at": _iso(at), "submitted_at": _iso(new["submitted_at"]),
        "received_at": _iso(new["received_at"]), "due_at": _iso(new["due_at"]),
        "finished_at": _iso(new["finished_at"]), "result_delivery": new["result_delivery"],
        "submission_channel": new["submission_channel"],
    }
