"""The clock starts at receipt, counts working days around Tết 2027 (Thu 4 – Wed 10 Feb off) and
stands still while a supplement is awaited."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from models.dossiers import DossierPause
from tests.dossier_factories import (
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


def at(day: int, hour: int, month: int = 2) -> datetime:
    return datetime(2027, month, day, hour, 0, tzinfo=VN)


async def test_due_date_skips_tet_and_moves_by_the_pause(client, monkeypatch):
    invalidate()
    freeze(monkeypatch, at(1, 9))
    citizen = await citizen_headers(client)
    officer = await officer_headers(client, JUDICIAL)
    dossier = await submitted_dossier(client, citizen, JUDICIAL)
    path = f"/v1/dossiers/{dossier['id']}"
    assert (await client.get(path, headers=citizen)).json()["due_at"] is None  # not received yet

    # Received Tue 2 Feb: 10 working days, Tết skipped → Tue 23 Feb, 17:00.
    freeze(monkeypatch, at(2, 10))
    assert (await act(client, officer, dossier["id"], "receive")).status_code == 200
    seen = (await client.get(path, headers=citizen)).json()
    assert datetime.fromisoformat(seen["due_at"]) == at(23, 17)
    assert seen["overdue"] is False and seen["due_soon"] is False

    # Asked for a document on Wed 3 Feb, sent it on Fri 12 Feb: Thu 11 and Fri 12 were lost.
    freeze(monkeypatch, at(3, 9))
    assert (await act(client, officer, dossier["id"], "request_supplement",
                      missing_slots=["van_ban_uy_quyen"])).status_code == 200
    freeze(monkeypatch, at(12, 10))
    await attach(client, citizen, dossier["id"], "van_ban_uy_quyen")
    assert (await client.post(f"{path}/supplement", json={}, headers=citizen)).status_code == 200
    seen = (await client.get(path, headers=citizen)).json()
    assert datetime.fromisoformat(seen["due_at"]) == at(25, 17)
    pause = (await DossierPause.select().where(DossierPause.dossier == dossier["id"]))[0]
    assert pause["started_at"] == at(3, 9) and pause["ended_at"] == at(12, 10)

    freeze(monkeypatch, at(24, 9))
    seen = (await client.get(path, headers=citizen)).json()
    assert seen["due_soon"] is True and seen["overdue"] is False
    freeze(monkeypatch, at(25, 18))
    seen = (await client.get(path, headers=citizen)).json()
    assert seen["overdue"] is True
    queue = await client.get("/v1/officer/dossiers", params={"overdue": "true"}, headers=officer)
    assert [item["id"] for item in queue.json()["items"]] == [dossier["id"]]
