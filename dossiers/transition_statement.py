"""A transition written by one PostgreSQL statement.

`transitions.apply` writes a transition as a transaction: BEGIN, the guarded update of the
dossier, its timeline row, the audit record, the outbox rows, COMMIT — six round trips, each
costing the application and the database more than the work it carries. When nothing of the
caller's has to run inside that transaction (no `before`, no `after`), on PostgreSQL the same
rows are written by one statement of data-modifying CTEs:

    WITH counter AS (INSERT INTO dossier_code_counter … ON CONFLICT … RETURNING last),
         moved AS (UPDATE dossier … WHERE id, state and version are as read RETURNING …),
         event AS (INSERT INTO dossier_event … SELECT … FROM moved RETURNING id),
         audit AS (INSERT INTO audit_event … SELECT … FROM moved),
         outbox AS (INSERT INTO outbox_event … SELECT … FROM moved, event, <subscribers> …)
    SELECT moved.*, outbox ids FROM moved, event

(`counter` only for a submission, which takes the agency's next number there: dossiers/codes.py.)
A statement is atomic by itself: all of it is written or nothing. Every insert draws its rows
from the update's, so when the guard finds the dossier changed by someone else first, nothing
is written and `write` returns None (the caller answers 409) — but for the day's counter of a
submission, which has moved on: a gap in the day's numbers, never a repeat. What follows a
commit — the
change announcement (core/changes.py) and the job runners' wake (jobs/publish.py) — follows
the statement.

SQLite has no data-modifying CTEs: there, as inside an enclosing transaction, apply() keeps
its transaction. Both write the same rows; the suite runs every transition on both engines."""

from __future__ import annotations

from functools import lru_cache
from typing import Any, cast

import anyio
from piccolo.utils.encoding import dump_json

from core import clock
from core.changes import announce
from core.db import ProjectEngine, in_transaction
from dossiers.codes import NextCode, code_prefix, code_sql, next_number_sql
from dossiers.rows import DossierRow, dossier_row
from jobs.publish import event, publish_sql, published, subscribers
from models.audit import AuditEvent
from models.dossiers import Dossier, DossierEvent

_OUTBOX_IDS = "motcua_outbox_ids"


def usable() -> bool:
    """True when a transition may be written this way now: on PostgreSQL, and not inside a
    transaction (whose commit the announcement and the wake would have to wait for)."""
    engine = Dossier._meta.db
    return (engine.engine_type == "postgres" and not in_transaction()
            and engine.current_transaction.get() is None)


class _Params:
    """Numbered placeholders, in the order the statement's text asks for them. Those in a
    SELECT list are cast to their column's type (PostgreSQL cannot infer one there), without
    a length: a cast to VARCHAR(n) would cut a longer value short where the insert refuses it."""

    def __init__(self) -> None:
        self.names: list[str] = []

    def __call__(self, name: str, sql_type: str | None = None) -> str:
        self.names.append(name)
        placeholder = f"${len(self.names)}"
        return f"{placeholder}::{sql_type.split('(')[0]}" if sql_type else placeholder


def _insert_from(table: type, source: str, exprs: dict[str, str]) -> str:
    columns = ", ".join(f'"{name}"' for name in exprs)
    return (f'INSERT INTO "{table._meta.tablename}" ({columns}) '
            f"SELECT {', '.join(exprs.values())} FROM {source}")


def _select_list(table: type, params: _Params, prefix: str,
                 given: dict[str, str]) -> dict[str, str]:
    """Every column of `table` but its id: an SQL expression from `given`, else a parameter."""
    return {column._meta.name: given.get(column._meta.name) or params(
        f"{prefix}{column._meta.name}", column.column_type)
        for column in table._meta.columns if column is not table._meta.primary_key}


@lru_cache(maxsize=128)  # one per set of changed columns, with or without a code to take
def _statement(names: tuple[str, ...], takes_code: bool) -> tuple[str, tuple[str, ...]]:
    params = _Params()
    ctes, sets = [], []
    if takes_code:  # the agency's next number, in the statement that stores it
        ctes.append(f"counter AS ({next_number_sql(params('code.unit'), params('code.day'))})")
        sets.append(f'"code" = (SELECT {code_sql(params("code.prefix", "text"), "last")} '
                    "FROM counter)")
    sets += [f'"{name}" = {params(name)}' for name in names if not (takes_code and name == "code")]
    returning = ", ".join(f'"{column._meta.name}"' for column in Dossier._meta.columns)
    ctes.append(
        f'moved AS (UPDATE "dossier" SET {", ".join(sets)}, "version" = "version" + 1 '
        f'WHERE "id" = {params("where_id")} AND "state" = {params("where_state")} '
        f'AND "version" = {params("where_version")} RETURNING {returning})')
    ctes.append("event AS (" + _insert_from(DossierEvent, "moved", _select_list(
        DossierEvent, params, "event.", {"dossier": "moved.id"})) + ' RETURNING "id")')
    with_code = "jsonb_build_object('code', moved.code)"  # as the update left it
    audit_detail = f"{params('audit.detail', 'jsonb')} || {with_code}"
    ctes.append("audit AS (" + _insert_from(AuditEvent, "moved", _select_list(
        AuditEvent, params, "audit.", {"detail": audit_detail})) + ")")
    ctes.append("outbox AS (" + publish_sql(
        "moved, event", topic=params("topic", "text"), event_key='event."id"::text',
        payload=f"{params('payload', 'jsonb')} || {with_code}", jobs=params("jobs", "text[]"),
        at=params("at", "timestamptz")) + ")")
    sql = (f"WITH {', '.join(ctes)} "
           f'SELECT moved.*, ARRAY(SELECT "id" FROM outbox) AS {_OUTBOX_IDS} FROM moved, event')
    return sql, tuple(params.names)


async def write(names: tuple[str, ...], columns: dict[str, Any], *, timeline: dict[str, Any],
                audit: dict[str, Any], topic: str,
                payload: dict[str, Any]) -> DossierRow | None:
    """The guarded update of the dossier (`names`, `columns` as transitions.Move.columns
    makes them; a `code` that is a codes.NextCode is taken here) with its timeline row, audit
    record and `publish(topic, payload)` rows, in one statement. The audit record's detail and
    the payload get the dossier's code as the update leaves it. Returns the updated row, or
    None when the guard matched nothing (and nothing was written)."""
    code = columns.get("code")
    takes_code = isinstance(code, NextCode)
    sql, order = _statement(names, takes_code)
    values = {**columns,
              **{f"event.{k}": v for k, v in timeline.items()},
              **{f"audit.{k}": v for k, v in audit.items()},
              "topic": topic, "payload": dump_json(event(topic, payload)),
              "jobs": subscribers(topic), "at": clock.now()}
    if takes_code:
        values.update({"code.unit": code.agency_unit_code, "code.day": code.day,
                       "code.prefix": code_prefix(code.agency_unit_code, code.day)})
    engine = cast(ProjectEngine, Dossier._meta.db)  # use_engine binds the tables to one of ours
    rows = await engine.run_sql(sql, [values[name] for name in order])
    if not rows:
        return None
    new = dict(rows[0])
    outbox_ids = new.pop(_OUTBOX_IDS)
    with anyio.CancelScope(shield=True):  # committed: a client gone now must not stop these
        await announce("dossier", new["id"])  # forget it everywhere
        await published(list(outbox_ids))
    return dossier_row(new)
