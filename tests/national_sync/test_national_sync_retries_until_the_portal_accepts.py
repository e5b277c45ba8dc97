"""A portal that is down or busy gets the record again later — after its Retry-After when it
gives one — until it accepts it, once; a portal that refuses the record for good (4xx) leaves it
recorded for an operator instead of being retried forever."""

import datetime as dt

import pytest

from models.national_sync import NationalSyncRejection, NationalSyncState
from national_sync.http_target import HttpTarget, retry_after_seconds
from national_sync.target import use_target
from tests.national_sync_support import (
    FakePortal,
    Reply,
    announce,
    make_dossier,
    make_due,
    row,
    run_row,
)


@pytest.fixture
async def portal():
    with FakePortal() as fake:
        await use_target(HttpTarget(fake.url, "portal-token"))
        yield fake
        await use_target(None)


async def last_sequence(dossier) -> int:
    state = await NationalSyncState.select().where(
        NationalSyncState.dossier == dossier["id"]).first()
    return state["last_sequence"]


async def test_busy_portal_is_retried_after_its_retry_after_then_accepted_once(db, portal):
    portal.script = [Reply(503, {"Retry-After": "120"}, '{"error": "maintenance"}')]
    dossier = await make_dossier("received")
    event_id = await announce(dossier["id"], "received", key="1")

    outcome = await run_row(event_id)

    assert outcome.status == "pending" and outcome.retry_in == 120
    waiting = await row(event_id)
    assert waiting["status"] == "pending" and "HTTP 503" in waiting["last_error"]
    assert waiting["available_at"] > dt.datetime.now(dt.UTC) + dt.timedelta(seconds=60)
    assert await run_row(event_id) is None  # not before its time
    assert await last_sequence(dossier) == 0

    await make_due(event_id)
    assert (await run_row(event_id)).status == "done"
    await make_due(event_id)
    assert await run_row(event_id) is None  # done rows never run again

    assert len(portal.requests) == 2
    assert portal.records()[0] == portal.records()[1]
    assert await last_sequence(dossier) == dossier["version"]


async def test_unreachable_portal_is_retried_with_backoff(db):
    with FakePortal() as fake:
        url = fake.url  # the port is closed once the server stops
    await use_target(HttpTarget(url))
    try:
        dossier = await make_dossier("received")
        event_id = await announce(dossier["id"], "received", key="1")
        outcome = await run_row(event_id)
    finally:
        await use_target(None)
    assert outcome.status == "pending" and outcome.retry_in > 0
    assert "unreachable" in (await row(event_id))["last_error"]


async def test_refused_record_is_kept_for_operators_and_not_retried(db, portal):
    portal.script = [Reply(400, body='{"error_code": "-1", "message": "MaTTHC không tồn tại"}')]
    dossier = await make_dossier("received")
    event_id = await announce(dossier["id"], "received", key="1")

    outcome = await run_row(event_id)

    assert outcome.status == "dead"
    dead = await row(event_id)
    assert "HTTP 400" in dead["last_error"] and dossier["code"] in dead["last_error"]
    await make_due(event_id)
    assert await run_row(event_id) is None
    assert len(portal.requests) == 1
    rejections = await NationalSyncRejection.select().where(
        NationalSyncRejection.dossier == dossier["id"])
    assert len(rejections) == 1
    assert rejections[0]["http_status"] == 400 and "MaTTHC" in rejections[0]["reason"]
    assert rejections[0]["sequence"] == dossier["version"]
    assert await last_sequence(dossier) == 0


async def test_refused_credentials_are_retried_not_given_up(db, portal):
    portal.script = [Reply(401)]
    dossier = await make_dossier("received")
    event_id = await announce(dossier["id"], "received", key="1")

    assert (await run_row(event_id)).status == "pending"
    assert await NationalSyncRejection.count() == 0
    await make_due(event_id)
    assert (await run_row(event_id)).status == "done"


def test_retry_after_as_seconds_or_http_date_is_bounded():
    now = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)
    assert retry_after_seconds("30") == 30
    assert retry_after_seconds("Mon, 02 Mar 2026 08:02:00 GMT", now) == 120
    assert retry_after_seconds("Mon, 02 Mar 2026 07:00:00 GMT", now) == 0
    assert retry_after_seconds("999999") == 3600
    assert retry_after_seconds("soon") is None and retry_after_seconds(None) is None
