"""Through the real lifecycle: an officer receives a submitted dossier, and the national record
of its new status, with the receipt time and the computed promised date, is synchronised."""

import datetime as dt
import json
import uuid

from auth.principal import Principal
from dossiers import officer_actions
from models.national_sync import NationalSyncSandboxRecord
from national_sync.record import vietnam_time
from tests.frozen_clock import freeze
from tests.national_sync_support import make_dossier, until

MONDAY_0830_HANOI = dt.datetime(2026, 3, 2, 1, 30, tzinfo=dt.UTC)


async def test_officer_receipt_reaches_the_national_record(client, monkeypatch):
    freeze(monkeypatch, MONDAY_0830_HANOI)
    submitted = await make_dossier("submitted", received_at=None, due_at=None)
    officer = Principal(person_id=uuid.uuid4(), role="officer", session_id=uuid.uuid4(),
                        agency_id=submitted["agency"])

    received = await officer_actions.act(officer, submitted,
                                         officer_actions.OfficerAction("receive"))

    async def synced_received() -> bool:
        rows = await NationalSyncSandboxRecord.select().where(
            NationalSyncSandboxRecord.sequence == received["version"])
        return bool(rows)

    await until(synced_received)
    kept = await NationalSyncSandboxRecord.select().where(
        NationalSyncSandboxRecord.sequence == received["version"]).first()
    record = json.loads(kept["record"]) if isinstance(kept["record"], str) else kept["record"]
    assert record["MaHoSo"] == submitted["code"]
    assert record["TrangThaiHoSo"] == "2"
    assert record["NgayTiepNhan"] == "20260302083000"
    assert received["due_at"] is not None
    assert record["NgayHenTra"] == vietnam_time(received["due_at"])
