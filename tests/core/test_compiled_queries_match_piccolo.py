"""Compiled queries (core/db/compiled.py) give the rows Piccolo gives for the same query, with
their values bound per call, inside transactions like any query; inserts take every column as a
param, so nothing computed once is written twice."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime

import pytest

from core.db import transaction
from core.db.compiled import Compiled, compiled_insert
from models.audit import AuditEvent
from models.catalogue import RequiredDocument, Service
from models.jobs import OutboxEvent
from tests.dossier_factories import demo_catalogue

SERVICE_WITH_AGENCY = Compiled(lambda code: Service.select(
    Service.id, Service.code, Service.name_vi, Service.agency.unit_code.as_alias("unit"),
).where(Service.code == code).limit(1))
SLOTS = Compiled(lambda service_id: RequiredDocument.select().where(
    RequiredDocument.service == service_id).order_by(RequiredDocument.position).output(
    load_json=True))
AUDIT = compiled_insert(AuditEvent, returning=(AuditEvent.id,))
OUTBOX = compiled_insert(OutboxEvent, returning=(OutboxEvent.id,),
                         on_conflict=OutboxEvent.dedup_key)


def audit_values(action: str, **extra) -> dict:
    return dict(at=datetime.now(UTC), actor_kind="system", actor_id="test", action=action,
                subject_type="test", subject_id="1", detail=json.dumps({"n": 1}),
                request_id="", **extra)


async def test_select_rows_equal_piccolos_for_each_bound_value(db):
    await demo_catalogue()
    for code in ("HN.TP.001", "HN.HT.001", "DN.XNC.001"):
        piccolo = await Service.select(
            Service.id, Service.code, Service.name_vi, Service.agency.unit_code.as_alias("unit"),
        ).where(Service.code == code).first()
        assert await SERVICE_WITH_AGENCY.first(code=code) == piccolo
    assert await SERVICE_WITH_AGENCY.first(code="KHONG.CO") is None


async def test_records_hold_the_keys_and_values_of_the_rows(db):
    await demo_catalogue()
    for code in ("HN.TP.001", "DN.XNC.001"):
        (record,) = await SERVICE_WITH_AGENCY.records(code=code)
        (row,) = await SERVICE_WITH_AGENCY.rows(code=code)
        assert list(record.keys()) == list(row) and [record[k] for k in row] == list(row.values())
        assert record.get("unit") == row["unit"]
    assert await SERVICE_WITH_AGENCY.records(code="KHONG.CO") == []
    service = await Service.select(Service.id).where(Service.code == "DN.XNC.001").first()
    with pytest.raises(ValueError):  # JSON would stay text
        await SLOTS.records(service_id=service["id"])


async def test_load_json_decodes_json_columns_like_piccolo(db):
    await demo_catalogue()
    service = await Service.select(Service.id).where(Service.code == "DN.XNC.001").first()
    expected = await RequiredDocument.select().where(
        RequiredDocument.service == service["id"]).order_by(RequiredDocument.position).output(
        load_json=True)
    rows = await SLOTS.rows(service_id=service["id"])
    assert rows == expected and rows
    assert any(isinstance(row["accepted_types"], list) for row in rows)


async def test_values_must_match_the_params(db):
    with pytest.raises(TypeError):
        await SERVICE_WITH_AGENCY.first(code="HN.TP.001", extra=1)
    with pytest.raises(TypeError):
        await SERVICE_WITH_AGENCY.first()


async def test_insert_inside_a_rolled_back_transaction_leaves_nothing(db):
    class Boom(Exception):
        pass

    with pytest.raises(Boom):
        async with transaction():
            await AUDIT.rows(**audit_values("compiled.rolled_back"))
            raise Boom()
    async with transaction():
        inserted = await AUDIT.rows(**audit_values("compiled.kept"))
    actions = await AuditEvent.select(AuditEvent.id, AuditEvent.action, AuditEvent.detail)
    assert [(r["id"], r["action"]) for r in actions] == [(inserted[0]["id"], "compiled.kept")]
    assert json.loads(actions[0]["detail"]) == {"n": 1}


async def test_insert_gets_a_new_serial_id_each_time_and_skips_conflicts(db):
    def outbox(dedup_key):
        now = datetime.now(UTC)
        return dict(job="tests.none", payload="{}", dedup_key=dedup_key, status="pending",
                    attempts=0, available_at=now, locked_until=None, created_at=now,
                    finished_at=None, last_error="")

    first = await OUTBOX.rows(**outbox("k1"))
    second = await OUTBOX.rows(**outbox("k2"))
    assert first[0]["id"] != second[0]["id"]
    assert await OUTBOX.rows(**outbox("k1")) == []  # the unique index decided
    assert await OutboxEvent.count() == 2


def test_an_insert_with_a_value_computed_once_is_refused():
    # A row object built with a Python-side default (here uuid4 for a UUID key, "now" for a
    # timestamp) would write the same value on every call.
    from models.dossiers import DossierAttachment

    frozen = Compiled(lambda dossier: DossierAttachment.insert(
        DossierAttachment(dossier=dossier, slot="x", filename="f", content_type="t", size=1,
                          sha256="0", storage_key=str(uuid.uuid4()))))
    with pytest.raises(ValueError, match="Param for every column"):
        frozen.sql("postgres")
