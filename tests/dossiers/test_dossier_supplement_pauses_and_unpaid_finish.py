"""Supplement requests before receipt start the clock when answered; a withdrawal ends an open
pause; a full-process dossier that reached processing unpaid cannot be finished; every step is
audited."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from models.audit import AuditEvent
from models.dossiers import DossierEvent, DossierPause
from tests.dossier_factories import (
    BIRTH,
    JUDICIAL,
    act,
    attach,
    citizen_headers,
    officer_headers,
    submitted_dossier,
)
from tests.frozen_clock import freeze
from workdays import invalidate

VN = ZoneInfo("Asia/Ho_Chi_Minh")


async def test_supplement_before_receipt_starts_the_clock_when_answered(client, monkeypatch):
    invalidate()
    freeze(monkeypatch, datetime(2026, 12, 1, 9, tzinfo=VN))  # Tuesday
    citizen = await citizen_headers(client)
    officer = await officer_headers(client, BIRTH)
    dossier = await submitted_dossier(client, citizen, BIRTH)
    asked = await act(client, officer, dossier["id"], "request_supplement",
                      missing_slots=["giay_to_ket_hon"], note="Cần giấy đăng ký kết hôn")
    assert asked.status_code == 200 and asked.json()["due_at"] is None
    freeze(monkeypatch, datetime(2026, 12, 3, 10, tzinfo=VN))
    await attach(client, citizen, dossier["id"], "giay_to_ket_hon")
    done = await client.post(f"/v1/dossiers/{dossier['id']}/supplement", json={},
                             headers=citizen)
    assert done.status_code == 200, done.text
    assert datetime.fromisoformat(done.json()["due_at"]) == datetime(2026, 12, 4, 17, tzinfo=VN)
    assert done.json()["received_at"] is not None


async def test_withdrawal_ends_an_open_pause(client):
    citizen = await citizen_headers(client)
    officer = await officer_headers(client, BIRTH)
    dossier = await submitted_dossier(client, citizen, BIRTH)
    assert (await act(client, officer, dossier["id"], "receive")).status_code == 200
    assert (await act(client, officer, dossier["id"], "request_supplement",
                      missing_slots=["giay_to_ket_hon"])).status_code == 200
    gone = await client.post(f"/v1/dossiers/{dossier['id']}/withdraw", json={},
                             headers=citizen)
    assert gone.status_code == 200 and gone.json()["state"] == "withdrawn"
    pauses = await DossierPause.select().where(DossierPause.dossier == dossier["id"])
    assert len(pauses) == 1 and pauses[0]["ended_at"] is not None


async def test_full_process_cannot_finish_unpaid_and_every_step_is_audited(client):
    citizen = await citizen_headers(client)
    officer = await officer_headers(client, JUDICIAL)
    dossier = await submitted_dossier(client, citizen, JUDICIAL)
    assert (await act(client, officer, dossier["id"], "receive")).status_code == 200
    assert (await act(client, officer, dossier["id"], "request_supplement",
                      missing_slots=["van_ban_uy_quyen"])).status_code == 200
    await attach(client, citizen, dossier["id"], "van_ban_uy_quyen")
    assert (await client.post(f"/v1/dossiers/{dossier['id']}/supplement", json={},
                              headers=citizen)).status_code == 200
    unpaid = await act(client, officer, dossier["id"], "finish", result={"kind": "paper"})
    assert unpaid.status_code == 409
    assert unpaid.json()["type"].endswith("/fee-not-paid-online")
    events = await DossierEvent.count().where(DossierEvent.dossier == dossier["id"])
    audited = await AuditEvent.select(AuditEvent.action, AuditEvent.actor_kind).where(
        (AuditEvent.subject_type == "dossier") & (AuditEvent.subject_id == dossier["id"]))
    assert len(audited) == events == 4
    assert {row["actor_kind"] for row in audited} == {"citizen", "officer"}
