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
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any, cast

from auth.principal import Principal
from core import clock
from core.audit import entry as audit_row
from core.changes import announce
from core.db import transaction
from core.db.compiled import Compiled, compiled_insert
from core.problems import Problem
from core.states import Edge
from dossiers import transition_statement
from dossiers.codes import NextCode
from dossiers.context import service_by_id
from dossiers.problems import ActionNotAllowed, ConcurrentChange
from dossiers.rows import DossierRow, ServiceRow, ShownService, dossier_row
from dossiers.states import DOSSIER, NATIONAL_STATUS, DossierState
from dossiers.states import Actor as ActorKind
from jobs.publish import publish
from models.audit import AuditEvent
from models.dossiers import Dossier, DossierEvent

# Work done inside the transaction: `before` gets the dossier as read and returns more column
# values for the update; `after` gets the updated dossier and the timeline row id.
Before = Callable[[DossierRow], Awaitable[dict[str, Any] | None]]
After = Callable[[DossierRow, int], Awaitable[None]]


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


def not_allowed(row: DossierRow, kind: str) -> Problem:
    return ActionNotAllowed(extra={"state": row["state"], "status_code": row["status_code"],
                                   "allowed_actions": DOSSIER.allowed_actions(row["state"], kind)})


def check(row: DossierRow, action: str, actor: Actor) -> None:
    """Raise ActionNotAllowed now, before any slow work, if the edge does not exist."""
    if DOSSIER.edge(action, row["state"], actor.kind) is None:
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


async def apply(row: DossierRow, action: str, actor: Actor, *, note: str = "",
                detail: dict[str, Any] | None = None, changes: dict[str, Any] | None = None,
                before: Before | None = None, after: After | None = None,
                at: datetime | None = None,
                service: ServiceRow | None = None) -> DossierRow:
    """Move `row` along the edge (action, its state, actor kind); returns the updated row.
    `service` (dossiers.context) may be passed by a caller that has loaded it already."""
    edge = DOSSIER.edge(action, row["state"], actor.kind)
    if edge is None:
        raise not_allowed(row, actor.kind)
    at = at or clock.now()
    service = service or await service_by_id(row["service"])
    move = Move(row, edge, actor, at, note, detail or {})
    if before is None and after is None and transition_statement.usable():
        return await _in_one_statement(move, dict(changes or {}), service)
    values = dict(changes or {})
    if isinstance(values.get("code"), NextCode):  # taken before the transaction: codes.py
        values["code"] = await values["code"].take()
    async with transaction():
        if before is not None:
            values.update(await before(row) or {})
        names, columns = move.columns(values)
        changed = await _guarded_update(names).rows(**columns)
        if not changed:
            raise ConcurrentChange(extra={"state": row["state"]})
        await announce("dossier", row["id"])
        new = dossier_row(changed[0])
        event_id = (await _TIMELINE.rows(dossier=row["id"], **move.timeline()))[0]["id"]
        await _AUDIT.rows(**move.audit(new["code"]))
        await publish(edge.event, event_payload(new, service, row["state"], at),
                      event_key=str(event_id))
        if after is not None:
            await after(new, event_id)
    return new


async def _in_one_statement(move: Move, values: dict[str, Any],
                            service: ServiceRow) -> DossierRow:
    """apply() when nothing of the caller's runs inside the transaction, on PostgreSQL: the
    same rows, written by one statement (dossiers/transition_statement.py). The outbox payload
    is made from the row as the update will leave it; the statement adds the code to it and to
    the audit record."""
    names, columns = move.columns(values)
    written = await transition_statement.write(
        names, columns, timeline=move.timeline(), audit=move.audit(None), topic=move.edge.event,
        payload=event_payload(move.after(values), service, move.row["state"], move.at))
    if written is None:
        raise ConcurrentChange(extra={"state": move.row["state"]})
    return written


@dataclass(frozen=True)
class Move:
    """One transition's rows, as both ways of writing it (above, and
    dossiers/transition_statement.py) write them."""

    row: DossierRow
    edge: Edge[DossierState]
    actor: Actor
    at: datetime
    note: str
    detail: dict[str, Any]

    def _with_state(self, values: dict[str, Any]) -> dict[str, Any]:
        return {**values, "state": self.edge.target,
                "status_code": NATIONAL_STATUS[self.edge.target], "updated_at": self.at}

    def columns(self, values: dict[str, Any]) -> tuple[tuple[str, ...], dict[str, Any]]:
        """The guarded update's column names and its values (`_guarded_update(names)`)."""
        values = self._with_state(values)
        names = tuple(sorted(values))
        return names, {**{name: column_value(name, values[name]) for name in names},
                       "where_id": self.row["id"], "where_state": self.row["state"],
                       "where_version": self.row["version"]}

    def after(self, values: dict[str, Any]) -> DossierRow:
        """The row's plain columns as the guarded update leaves them (times in UTC, as the
        database gives them; a code still to be taken as None; JSON columns as the values
        written, not their text)."""
        values = self._with_state(values)
        return cast(DossierRow, {
            **self.row, **{name: value.astimezone(UTC) if isinstance(value, datetime)
                           else None if isinstance(value, NextCode) else value
                           for name, value in values.items()},
            "version": self.row["version"] + 1})

    def timeline(self) -> dict[str, Any]:
        """The timeline row (DossierEvent) but its dossier."""
        return dict(at=self.at, event=self.edge.event, from_state=self.row["state"],
                    to_state=self.edge.target, actor_kind=self.actor.kind,
                    actor_id=self.actor.id, note=self.note,
                    detail=json.dumps(self.detail, ensure_ascii=False, default=str))

    def audit(self, code: str | None) -> dict[str, Any]:
        """The audit record (AuditEvent); `code` is the dossier's code after the move."""
        row = audit_row(self.edge.event, actor_kind=self.actor.kind, actor_id=self.actor.id,
                        subject_type="dossier", subject_id=str(self.row["id"]), at=self.at,
                        detail={"from": self.row["state"], "to": self.edge.target, "code": code})
        return {**row, "detail": json.dumps(row["detail"])}  # the compiled insert takes text


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def event_payload(new: DossierRow, service: ShownService, from_state: str,
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
        "submission_channel": new["submission_channel"], "channel": new["channel"],
    }
