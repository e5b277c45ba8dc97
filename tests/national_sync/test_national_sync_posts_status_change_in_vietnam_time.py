"""A dossier status change reaches the national portal as one POST of the national record, dates
in Vietnam time (yyyyMMddHHmmss), with the configured token; the next change is an update."""

import datetime as dt

import pytest

from models.national_sync import NationalSyncState
from national_sync.http_target import HttpTarget
from national_sync.target import use_target
from tests.national_sync_support import (
    APPLICANT_ID_NUMBER,
    FakePortal,
    announce,
    change,
    make_dossier,
    row,
    run_row,
)


@pytest.fixture
async def portal():
    with FakePortal() as fake:
        await use_target(HttpTarget(fake.url, "portal-token"))
        yield fake
        await use_target(None)


async def test_received_dossier_is_posted_as_national_record(db, portal):
    dossier = await make_dossier("received")
    event_id = await announce(dossier["id"], "received", key="1")

    await run_row(event_id)

    assert (await row(event_id))["status"] == "done"
    assert len(portal.requests) == 1
    request = portal.requests[0]
    assert request["headers"]["Authorization"] == "Bearer portal-token"
    assert request["json"]["service"] == "DongBoHoSoMC"
    assert request["json"]["isUpdating"] is False
    record = request["json"]["data"][0]
    assert record["MaHoSo"] == "000.00.01.H22-260302-0001"
    assert record["MaTTHC"] and record["DonViXuLy"].endswith("H22")
    assert record["TrangThaiHoSo"] == "2"
    assert record["KenhThucHien"] == "2"
    assert record["NgayNopHoSo"] == "20260301234500"  # 16:45 UTC is 23:45 in Hà Nội
    assert record["NgayTiepNhan"] == "20260302083000"  # 01:30 UTC → 08:30 the same day
    assert record["NgayHenTra"] == "20260306170000"
    assert "NgayTra" not in record  # no result returned yet
    assert record["SoDinhDanh"] == APPLICANT_ID_NUMBER
    state = await NationalSyncState.select().where(
        NationalSyncState.dossier == dossier["id"]).first()
    assert state["last_sequence"] == dossier["version"] and state["last_status_code"] == 2


async def test_later_change_is_sent_as_an_update_with_the_new_status(db, portal):
    dossier = await make_dossier("received")
    await run_row(await announce(dossier["id"], "received", key="1"))
    dossier = await change(dossier, "processing", paid_online=True)
    await change(dossier, "result_ready")
    dossier = await change(dossier, "result_returned",
                           finished_at=dt.datetime(2026, 3, 5, 1, 30, tzinfo=dt.UTC),
                           closed_at=dt.datetime(2026, 3, 5, 9, 0, tzinfo=dt.UTC))
    # Their events, as a runner would take them (the keys are those `change` published under).
    for state, key in (("processing", "processing-2"), ("result_ready", "result_ready-3"),
                       ("result_returned", "result_returned-4")):
        await run_row(await announce(dossier["id"], state, key=key))

    # The three later events all found the dossier returned: one update carries it.
    assert [r["TrangThaiHoSo"] for r in portal.records()] == ["2", "10"]
    assert portal.requests[1]["json"]["isUpdating"] is True
    returned = portal.records()[1]
    assert returned["NgayTra"] == "20260305160000"
    assert returned["NgayKetThucXuLy"] == "20260305083000"
    assert returned["DuocThanhToanTrucTuyen"] != "0"
