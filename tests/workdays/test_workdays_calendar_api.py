"""The public year view and the administrator's edits over HTTP."""

from __future__ import annotations

import pytest

from models.audit import AuditEvent
from tests.auth_helpers import sign_in
from workdays import store

AGENCY = "000.00.01.H22"


@pytest.fixture(autouse=True)
def fresh_cache():
    store.invalidate()
    yield
    store.invalidate()


def by_date(body: dict) -> dict[str, dict]:
    return {day["date"]: day for day in body["days"]}


async def test_anyone_reads_a_years_days_off_with_names(client):
    r = await client.get("/v1/calendar/2026")
    assert r.status_code == 200, r.text
    days = by_date(r.json())
    assert days["2026-02-17"]["kind"] == "day_off"
    assert days["2026-02-17"]["name"] == {"vi": "Tết Nguyên Đán", "en": "Lunar New Year"}
    assert days["2026-08-22"]["kind"] == "working_day"  # the National Day swap
    assert days["2026-09-01"]["source"] == "statutory"
    assert "2026-10-14" not in days  # an ordinary Wednesday is not listed


async def test_admin_marks_a_day_off_and_everyone_sees_it(client):
    headers = await sign_in(client, role="admin", agency_unit_code=AGENCY)
    r = await client.put("/v1/admin/calendar/2026-10-16", headers=headers,
                         json={"kind": "day_off", "note_vi": "Nghỉ bão", "note_en": "Storm"})
    assert r.status_code == 201, r.text
    assert r.json()["name"] == {"vi": "Nghỉ bão", "en": "Storm"}
    again = await client.put("/v1/admin/calendar/2026-10-16", headers=headers,
                             json={"kind": "day_off", "note_vi": "Nghỉ bão số 9"})
    assert again.status_code == 200
    day = by_date((await client.get("/v1/calendar/2026")).json())["2026-10-16"]
    assert day["kind"] == "day_off" and day["source"] == "override"
    assert day["name"]["vi"] == "Nghỉ bão số 9"
    audited = await AuditEvent.select().where(AuditEvent.subject_id == "2026-10-16")
    assert len(audited) == 2 and all(e["actor_kind"] == "admin" for e in audited)

    r = await client.delete("/v1/admin/calendar/2026-10-16", headers=headers)
    assert r.status_code == 204
    assert "2026-10-16" not in by_date((await client.get("/v1/calendar/2026")).json())


async def test_officer_and_anonymous_cannot_edit(client):
    officer = await sign_in(client, role="officer", agency_unit_code=AGENCY)
    body = {"kind": "day_off"}
    r = await client.put("/v1/admin/calendar/2026-10-16", headers=officer, json=body)
    assert r.status_code == 403
    assert r.headers["content-type"].startswith("application/problem+json")
    assert (await client.put("/v1/admin/calendar/2026-10-16", json=body)).status_code == 401
    assert "2026-10-16" not in by_date((await client.get("/v1/calendar/2026")).json())


async def test_bad_edits_are_clear_problems_that_change_nothing(client):
    headers = await sign_in(client, role="admin", agency_unit_code=AGENCY)
    r = await client.put("/v1/admin/calendar/2026-10-16", headers=headers,
                         json={"kind": "holiday"})
    assert r.status_code == 422
    assert r.headers["content-type"].startswith("application/problem+json")
    assert [e["pointer"] for e in r.json()["errors"]] == ["/kind"]
    r = await client.put("/v1/admin/calendar/2026-13-40", headers=headers, json={"kind": "day_off"})
    assert r.status_code == 404  # not a date: no such resource
    r = await client.delete("/v1/admin/calendar/2026-10-16", headers=headers)
    assert r.status_code == 404
    assert r.json()["type"].endswith("/not-found")
    r = await client.get("/v1/calendar/1800")
    assert r.status_code == 422 and r.json()["type"].endswith("/validation-failed")
    assert not await AuditEvent.exists().where(AuditEvent.subject_type == "calendar_day")
