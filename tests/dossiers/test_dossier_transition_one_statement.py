"""On PostgreSQL a transition that runs nothing of its caller's inside its transaction is
written by one statement (dossiers/transition_statement.py). It must leave exactly the rows
the transaction writes, write nothing when it loses a race, and be what runs there; on SQLite
the transaction writes every transition."""

import datetime as dt
import json
import uuid

import pytest

from dossiers import transition_statement, transitions
from dossiers.codes import NextCode
from dossiers.problems import ConcurrentChange
from dossiers.transitions import Actor
from models.audit import AuditEvent
from models.dossiers import Dossier, DossierEvent
from models.jobs import OutboxEvent
from tests.auth_helpers import create_person
from tests.dossier_files_support import BIRTH_SERVICE, Citizen, dossier_for

AT = dt.datetime(2026, 12, 3, 2, 15, 30, 123456, tzinfo=dt.UTC)
OFFICER = Actor("officer", str(uuid.UUID(int=7)))


async def _receive(row: dict) -> dict:
    due = AT + dt.timedelta(days=5)
    return await transitions.apply(row, "receive", OFFICER, at=AT, note="nhận hồ sơ",
                                   detail={"desk": 3},
                                   changes={"received_at": AT, "due_at": due,
                                            "original_due_at": due})


async def _submit(row: dict) -> dict:
    """A submission's write: its code still to be taken (the day's counter in the statement)."""
    return await transitions.apply(row, "submit", Actor("citizen", str(row["applicant"])),
                                   at=AT, detail={"fee_total": 8000},
                                   changes={"code": NextCode("T.UNIT", AT), "submitted_at": AT,
                                            "submission_channel": 2, "fee_total": 8000})


async def _written(dossier: dict) -> dict:
    """What a transition left, with what tells two dossiers apart taken out."""
    key, code = str(dossier["id"]), dossier["code"]
    row = await Dossier.select().where(Dossier.id == dossier["id"]).first()
    events = await DossierEvent.select().where(DossierEvent.dossier == dossier["id"])
    audit = await AuditEvent.select().where(AuditEvent.subject_id == key)
    event_ids = {str(event["id"]) for event in events}
    mine = []
    for r in await OutboxEvent.select():
        payload = r["payload"] if isinstance(r["payload"], dict) else json.loads(r["payload"])
        if payload.get("dossier_id") != key:
            continue
        topic, event_key, job = r["dedup_key"].split(":")
        assert event_key in event_ids and job == r["job"] and payload["code"] == code
        payload.update(dossier_id="-", code="-")
        mine.append((r["job"], topic, payload, r["attempts"] == 0))
    for name in ("id", "code", "applicant", "created_at"):
        row.pop(name)
    detail = [json.loads(a["detail"]) if isinstance(a["detail"], str) else a["detail"]
              for a in audit]
    assert [d.pop("code") for d in detail] == [code]
    return {"row": row,
            "events": [{k: v for k, v in e.items() if k not in ("id", "dossier")} for e in events],
            "audit": [({k: v for k, v in a.items() if k not in ("id", "subject_id", "detail")}, d)
                      for a, d in zip(audit, detail, strict=True)],
            "outbox": sorted(mine, key=lambda item: item[0])}


@pytest.mark.parametrize("action", ["receive", "submit"])
async def test_one_statement_writes_what_the_transaction_writes(db, monkeypatch, action):
    owner = Citizen(await create_person(), {})
    state, move = ("submitted", _receive) if action == "receive" else ("draft", _submit)
    one = await dossier_for(owner, BIRTH_SERVICE, state=state,
                            code="T-261203-0001" if action == "receive" else None)
    other = await dossier_for(owner, BIRTH_SERVICE, state=state,
                              code="T-261203-0002" if action == "receive" else None)
    on_postgres = Dossier._meta.db.engine_type == "postgres"
    assert transition_statement.usable() is on_postgres

    statements = []
    write = transition_statement.write

    async def counted(*args, **kwargs):
        statements.append(args)
        return await write(*args, **kwargs)

    monkeypatch.setattr(transition_statement, "write", counted)
    first = await move(one)
    assert len(statements) == (1 if on_postgres else 0)
    monkeypatch.setattr(transition_statement, "usable", lambda: False)  # the transaction
    second = await move(other)
    assert len(statements) == (1 if on_postgres else 0)

    assert {k: v for k, v in first.items() if k not in ("id", "code", "created_at")} == {
        k: v for k, v in second.items() if k not in ("id", "code", "created_at")}
    assert first["version"] == one["version"] + 1
    if action == "submit":  # the day's numbers, one taken each way, in order
        assert (first["code"], second["code"]) == ("T.UNIT-261203-0001", "T.UNIT-261203-0002")
    written = await _written(first)
    assert written == await _written(second)
    assert written["outbox"], "the edge has subscribers: their rows are written"


@pytest.mark.parametrize("way", ["as the engine allows", "transaction"])
async def test_a_transition_that_loses_the_race_writes_nothing(db, monkeypatch, way):
    owner = Citizen(await create_person(), {})
    dossier = await dossier_for(owner, BIRTH_SERVICE, state="submitted", code="T-261203-0003")
    if way == "transaction":
        monkeypatch.setattr(transition_statement, "usable", lambda: False)
    before = [await table.count() for table in (DossierEvent, AuditEvent, OutboxEvent)]
    await _receive(dossier)
    after_one = [await table.count() for table in (DossierEvent, AuditEvent, OutboxEvent)]
    assert all(a > b for a, b in zip(after_one, before, strict=True))

    with pytest.raises(ConcurrentChange):  # the row as read before the first action
        await _receive(dossier)
    assert [await table.count() for table in (DossierEvent, AuditEvent, OutboxEvent)] == after_one
    row = await Dossier.select().where(Dossier.id == dossier["id"]).first()
    assert row["state"] == "received" and row["version"] == dossier["version"] + 1
