"""Status events of one dossier run concurrently and out of order, yet the portal never receives
an older record after a newer one: one sender per dossier at a time, and nothing at or below the
version the portal already accepted is sent."""

import asyncio
import threading

import pytest

from models.national_sync import NationalSyncState
from national_sync import ordering
from national_sync.http_target import HttpTarget
from national_sync.record import build_record
from national_sync.target import use_target
from tests.national_sync_support import (
    FakePortal,
    Reply,
    announce,
    change,
    make_dossier,
    make_due,
    row,
    run_row,
    until,
)


@pytest.fixture
async def portal():
    with FakePortal() as fake:
        await use_target(HttpTarget(fake.url))
        yield fake
        await use_target(None)


async def accepted_sequence(dossier) -> int:
    state = await NationalSyncState.select().where(
        NationalSyncState.dossier == dossier["id"]).first()
    return state["last_sequence"]


async def test_events_run_newest_first_send_the_newest_record_once(db, portal):
    dossier = await make_dossier("submitted")
    older = await announce(dossier["id"], "submitted", key="1")
    dossier = await change(dossier, "received")
    newer = await row(await announce(dossier["id"], "received", key="received-2"))

    assert (await run_row(newer["id"])).status == "done"
    assert (await run_row(older)).status == "done"  # finds the portal up to date

    assert [r["TrangThaiHoSo"] for r in portal.records()] == ["2"]
    assert await accepted_sequence(dossier) == 2


async def test_a_change_made_while_a_record_is_in_flight_is_sent_after_it(db, portal):
    gate = threading.Event()
    portal.script = [Reply(hold=gate)]
    dossier = await make_dossier("received")
    first = await announce(dossier["id"], "received", key="1")
    in_flight = asyncio.create_task(run_row(first))
    try:
        await until(portal.arrived.is_set)
        dossier = await change(dossier, "processing")
        second = await announce(dossier["id"], "processing", key="processing-2")

        # The dossier's sender is busy: the newer event waits instead of racing it.
        waiting = await run_row(second)
        assert waiting.status == "pending" and len(portal.requests) == 1
    finally:
        gate.set()
    assert (await in_flight).status == "done"
    assert await accepted_sequence(dossier) == 1

    await make_due(second)
    assert (await run_row(second)).status == "done"
    # A late redelivery of the first event finds nothing newer to say.
    assert (await run_row(await announce(dossier["id"], "received", key="again"))).status == "done"

    assert [r["TrangThaiHoSo"] for r in portal.records()] == ["2", "4"]
    assert await accepted_sequence(dossier) == 2


async def test_accepted_sequence_never_moves_backwards(db):
    dossier = await make_dossier("received")
    dossier = await change(dossier, "processing")
    newest = await build_record(dossier["id"])
    async with ordering.sending(str(dossier["id"])):
        await ordering.mark_accepted(newest)
        older = newest.__class__(**{**newest.__dict__, "sequence": newest.sequence - 1})
        await ordering.mark_accepted(older)
    assert await accepted_sequence(dossier) == newest.sequence
