"""A citizen's list is newest first, a page at a time, filtered by state; an agency's queue is
ordered by due date and filtered by state, overdue and due-within. A dossier read carries an
ETag and answers 304 while nothing changed."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from tests.dossier_factories import (
    BIRTH,
    JUDICIAL,
    act,
    citizen_headers,
    draft,
    officer_headers,
    submitted_dossier,
)
from tests.frozen_clock import freeze
from workdays import invalidate

VN = ZoneInfo("Asia/Ho_Chi_Minh")


async def test_citizen_list_pages_newest_first(client):
    citizen = await citizen_headers(client)
    made = [(await draft(client, citizen, BIRTH, form={}))["id"] for _ in range(5)]
    seen, cursor = [], None
    while True:
        params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = (await client.get("/v1/dossiers", params=params, headers=citizen)).json()
        assert len(page["items"]) <= 2
        seen += [item["id"] for item in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == list(reversed(made))
    first = await client.get("/v1/dossiers", headers={**citizen, "Accept-Language": "en"})
    item = first.json()["items"][0]
    assert item["status"] == "Draft, not submitted"
    assert item["service"]["name"] == "Birth registration"
    assert item["expected_action"]["action"] == "submit"
    submitted = await submitted_dossier(client, citizen, BIRTH)
    only = await client.get("/v1/dossiers", params={"state": "submitted"}, headers=citizen)
    assert [i["id"] for i in only.json()["items"]] == [submitted["id"]]


async def test_detail_etag_gives_304_until_the_dossier_changes(client):
    citizen = await citizen_headers(client)
    body = await draft(client, citizen, BIRTH, form={})
    path = f"/v1/dossiers/{body['id']}"
    first = await client.get(path, headers=citizen)
    etag = first.headers["etag"]
    again = await client.get(path, headers={**citizen, "If-None-Match": etag})
    assert again.status_code == 304
    await client.patch(path, json={"form_data": {"tre_ho_ten": "Khôi"}}, headers=citizen)
    changed = await client.get(path, headers={**citizen, "If-None-Match": etag})
    assert changed.status_code == 200 and changed.json()["form_data"] == {"tre_ho_ten": "Khôi"}
    assert changed.json()["status"] == "Bản nháp, chưa nộp"


async def test_officer_queue_by_due_date_with_filters(client, monkeypatch):
    invalidate()
    freeze(monkeypatch, datetime(2026, 12, 1, 9, 0, tzinfo=VN))  # Tuesday
    citizen = await citizen_headers(client)
    officer = await officer_headers(client, BIRTH)
    slow = await submitted_dossier(client, citizen, BIRTH)  # received later: due later
    quick = await submitted_dossier(client, citizen, BIRTH)
    waiting = await submitted_dossier(client, citizen, BIRTH)  # never received: no due date
    assert (await act(client, officer, quick["id"], "receive")).status_code == 200
    freeze(monkeypatch, datetime(2026, 12, 3, 9, 0, tzinfo=VN))
    assert (await act(client, officer, slow["id"], "receive")).status_code == 200
    await submitted_dossier(client, await citizen_headers(client), JUDICIAL)  # other agency

    ids, cursor = [], None
    while True:
        params = {"limit": 1, **({"cursor": cursor} if cursor else {})}
        page = (await client.get("/v1/officer/dossiers", params=params, headers=officer)).json()
        ids += [item["id"] for item in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert ids == [quick["id"], slow["id"], waiting["id"]]

    overdue = await client.get("/v1/officer/dossiers", params={"overdue": "true"},
                               headers=officer)
    assert [item["id"] for item in overdue.json()["items"]] == [quick["id"]]
    assert overdue.json()["items"][0]["overdue"] is True
    soon = await client.get("/v1/officer/dossiers", params={"due_within_days": 1},
                            headers=officer)
    assert [item["id"] for item in soon.json()["items"]] == [quick["id"], slow["id"]]
    received = await client.get("/v1/officer/dossiers", params={"state": "submitted"},
                                headers=officer)
    assert [item["id"] for item in received.json()["items"]] == [waiting["id"]]


async def test_citizen_list_pages_through_dossiers_created_at_the_same_instant(client, monkeypatch):
    freeze(monkeypatch, datetime(2026, 12, 1, 9, tzinfo=VN))
    citizen = await citizen_headers(client)
    made = [(await draft(client, citizen, BIRTH, form={}))["id"] for _ in range(5)]
    seen, cursor = [], None
    while True:
        params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = (await client.get("/v1/dossiers", params=params, headers=citizen)).json()
        seen += [item["id"] for item in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == sorted(made, reverse=True)
