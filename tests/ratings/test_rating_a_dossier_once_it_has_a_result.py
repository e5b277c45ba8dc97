"""A citizen rates how their dossier was served: only once it has a result, only their own, one
rating that may be changed for a week, each change published as `dossier.rated` with the level
it replaces; the dossier's detail shows the rating."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from models.jobs import OutboxEvent
from models.ratings import DossierRating
from tests.dossier_factories import (
    BIRTH,
    act,
    citizen_headers,
    officer_headers,
    submitted_dossier,
)
from tests.frozen_clock import freeze


async def finished(client, citizen, officer) -> dict:
    dossier = await submitted_dossier(client, citizen, BIRTH, result_delivery="postal")
    for action in ("receive", "process"):
        assert (await act(client, officer, dossier["id"], action)).status_code == 200
    done = await act(client, officer, dossier["id"], "finish", result={"kind": "paper"})
    assert done.status_code == 200, done.text
    return dossier


async def rated_events() -> list[dict]:
    rows = await OutboxEvent.select(OutboxEvent.payload).where(
        OutboxEvent.dedup_key.like("dossier.rated:%")).order_by(OutboxEvent.id)
    payloads = [json.loads(r["payload"]) if isinstance(r["payload"], str) else r["payload"]
                for r in rows]
    # One row per subscribing job: one occurrence per distinct `at`.
    return list({p["at"]: p for p in payloads}.values())


async def test_only_after_a_result_then_changeable(client):
    citizen = await citizen_headers(client)
    officer = await officer_headers(client, BIRTH)
    early = await submitted_dossier(client, citizen, BIRTH)
    refused = await client.post(f"/v1/dossiers/{early['id']}/rating", json={"level": 5},
                                headers=citizen)
    assert refused.status_code == 409 and refused.json()["type"].endswith("/rating-not-open")

    dossier = await finished(client, citizen, officer)
    before = await client.get(f"/v1/dossiers/{dossier['id']}", headers=citizen)
    assert before.json()["rating"] is None
    url = f"/v1/dossiers/{dossier['id']}/rating"
    first = await client.post(url, headers=citizen, json={
        "level": 4, "criteria": {"staff_helpful": 5, "process_trips": 3},
        "comment": "Cán bộ hướng dẫn tận tình"})
    assert first.status_code == 201, first.text
    assert first.json()["level_text"] == "Hài lòng"
    # The app's cached copy (its ETag) is stale once the dossier is rated.
    detail = await client.get(f"/v1/dossiers/{dossier['id']}", headers={
        **citizen, "If-None-Match": before.headers["etag"]})
    assert detail.status_code == 200
    detail = detail.json()
    assert detail["rating"]["level"] == 4
    assert detail["rating"]["criteria"] == {"staff_helpful": 5, "process_trips": 3}

    changed = await client.post(url, json={"level": 2}, headers=citizen)
    assert changed.status_code == 200 and changed.json()["level"] == 2
    assert await DossierRating.count() == 1
    detail = (await client.get(f"/v1/dossiers/{dossier['id']}", headers=citizen)).json()
    assert detail["rating"]["level"] == 2 and detail["rating"]["comment"] == ""

    events = await rated_events()
    assert [(e["level"], e["previous_level"]) for e in events] == [(4, None), (2, 4)]
    assert events[0]["dossier_id"] == dossier["id"]
    assert isinstance(events[0]["agency_id"], int) and isinstance(events[0]["service_id"], int)


async def test_the_rating_is_final_after_the_window(client, monkeypatch):
    citizen = await citizen_headers(client)
    officer = await officer_headers(client, BIRTH)
    dossier = await finished(client, citizen, officer)
    url = f"/v1/dossiers/{dossier['id']}/rating"
    assert (await client.post(url, json={"level": 3}, headers=citizen)).status_code == 201
    freeze(monkeypatch, datetime.now(UTC) + timedelta(days=8))
    late = await client.post(url, json={"level": 5}, headers=citizen)
    assert late.status_code == 409 and late.json()["type"].endswith("/rating-final")
    row = await DossierRating.select(DossierRating.level).first()
    assert row["level"] == 3
    assert len(await rated_events()) == 1


async def test_only_the_owner_rates_and_sees_it(client):
    citizen = await citizen_headers(client)
    officer = await officer_headers(client, BIRTH)
    dossier = await finished(client, citizen, officer)
    url = f"/v1/dossiers/{dossier['id']}/rating"
    stranger = await citizen_headers(client)
    for other in (stranger, officer):
        answer = await client.post(url, json={"level": 1}, headers=other)
        assert answer.status_code == 404
    assert await DossierRating.count() == 0
    assert (await client.post(url, json={"level": 5, "comment": "Tốt"},
                              headers=citizen)).status_code == 201
    hidden = await client.get(f"/v1/dossiers/{dossier['id']}", headers=stranger)
    assert hidden.status_code == 404


async def test_bad_ratings_are_refused(client):
    citizen = await citizen_headers(client)
    officer = await officer_headers(client, BIRTH)
    dossier = await finished(client, citizen, officer)
    url = f"/v1/dossiers/{dossier['id']}/rating"
    for body in ({"level": 6}, {"level": 0}, {"level": 4, "criteria": {"mood": 3}},
                 {"level": 4, "criteria": {"staff_helpful": 9}}):
        answer = await client.post(url, json=body, headers=citizen)
        assert answer.status_code == 422, body
    assert await DossierRating.count() == 0


async def test_two_ratings_at_once_make_one_and_a_change(client):
    import asyncio

    citizen = await citizen_headers(client)
    officer = await officer_headers(client, BIRTH)
    dossier = await finished(client, citizen, officer)
    url = f"/v1/dossiers/{dossier['id']}/rating"
    answers = await asyncio.gather(client.post(url, json={"level": 5}, headers=citizen),
                                   client.post(url, json={"level": 1}, headers=citizen))
    assert sorted(a.status_code for a in answers) == [200, 201]
    assert await DossierRating.count() == 1
    first = next(a for a in answers if a.status_code == 201).json()["level"]
    last = next(a for a in answers if a.status_code == 200).json()["level"]
    row = await DossierRating.select(DossierRating.level).first()
    assert row["level"] == last
    events = await rated_events()
    assert [(e["level"], e["previous_level"]) for e in events] == [(first, None), (last, first)]
