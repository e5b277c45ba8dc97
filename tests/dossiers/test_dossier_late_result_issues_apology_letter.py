"""A result given after the due date needs a new date and an apology letter (phiếu xin lỗi và
hẹn lại ngày trả kết quả); the letter is published for the citizen to be told, and the dossier
counts as late."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from dossiers.problems import ActionNotAllowed
from dossiers.settlement import settle_fee
from dossiers.transitions import Actor
from jobs import publish
from jobs.spec import JobSpec
from models.dossiers import ApologyLetter, Dossier
from models.jobs import OutboxEvent
from tests.dossier_factories import (
    BIRTH,
    RESULT_PDF,
    act,
    citizen_headers,
    officer_headers,
    submitted_dossier,
)
from tests.frozen_clock import freeze
from workdays import invalidate

VN = ZoneInfo("Asia/Ho_Chi_Minh")


async def _listen(payload: dict) -> None:
    return None


async def test_late_finish_needs_new_date_and_writes_apology(client, monkeypatch):
    invalidate()
    listener = JobSpec(name="test_dossier_listener", handler=_listen, topics=("dossier.*",))
    monkeypatch.setattr(publish, "_jobs", (*publish._jobs, listener))
    freeze(monkeypatch, datetime(2026, 12, 1, 9, 0, tzinfo=VN))  # a Tuesday
    citizen = await citizen_headers(client)
    officer = await officer_headers(client, BIRTH)
    dossier = await submitted_dossier(client, citizen, BIRTH, result_delivery="postal")
    assert (await act(client, officer, dossier["id"], "receive")).status_code == 200
    assert (await act(client, officer, dossier["id"], "process")).status_code == 200

    # One working day: due Wed 2 Dec at 17:00. The result comes on Thu 3 Dec.
    freeze(monkeypatch, datetime(2026, 12, 3, 10, 0, tzinfo=VN))
    paper = {"kind": "paper"}
    refused = await act(client, officer, dossier["id"], "finish", result=paper)
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["pointer"] == "/new_due_date"
    assert (await Dossier.select(Dossier.state).where(Dossier.id == dossier["id"]).first()
            )["state"] == "processing"

    done = await act(client, officer, dossier["id"], "finish", result=paper,
                     new_due_date="2026-12-04", note="Chậm do hệ thống lỗi")
    assert done.status_code == 200, done.text
    body = done.json()
    assert body["on_time"] is False and body["status_code"] == 9
    assert datetime.fromisoformat(body["due_at"]) == datetime(2026, 12, 4, 17, tzinfo=VN)
    letters = await ApologyLetter.select().where(ApologyLetter.dossier == dossier["id"])
    assert len(letters) == 1
    assert letters[0]["previous_due_at"] == datetime(2026, 12, 2, 17, tzinfo=VN)
    assert letters[0]["new_due_at"] == datetime(2026, 12, 4, 17, tzinfo=VN)
    topics = await (OutboxEvent.select(OutboxEvent.payload)
                    .where(OutboxEvent.job == "test_dossier_listener")
                    .order_by(OutboxEvent.id).output(load_json=True))
    assert [t["payload"]["topic"] for t in topics] == [
        "dossier.submitted", "dossier.received", "dossier.processing", "dossier.result_ready",
        "dossier.apology_issued"]
    received = topics[1]["payload"]
    assert received["status_code"] == 2 and received["procedure_code"] == "1.001193"
    assert received["agency_unit_code"] == "000.00.01.H22" and received["code"] == dossier["code"]


async def test_settling_a_fee_never_requested_is_refused(client):
    citizen = await citizen_headers(client)
    dossier = await submitted_dossier(client, citizen, BIRTH)
    with pytest.raises(ActionNotAllowed):
        await settle_fee(dossier["id"], paid_online=True, actor=Actor("system", "payments"))
    seen = await client.get(f"/v1/dossiers/{dossier['id']}", headers=citizen)
    assert seen.json()["state"] == "submitted"


async def test_late_electronic_result_sent_as_multipart_needs_the_new_date(client, monkeypatch):
    invalidate()
    freeze(monkeypatch, datetime(2026, 12, 1, 9, 0, tzinfo=VN))
    citizen = await citizen_headers(client)
    officer = await officer_headers(client, BIRTH)
    dossier = await submitted_dossier(client, citizen, BIRTH)
    for action in ("receive", "process"):
        assert (await act(client, officer, dossier["id"], action)).status_code == 200
    freeze(monkeypatch, datetime(2026, 12, 7, 9, 0, tzinfo=VN))
    path = f"/v1/officer/dossiers/{dossier['id']}/actions"
    upload = {"file": ("kq.pdf", RESULT_PDF, "application/pdf")}
    bare = await client.post(path, headers=officer, data={"action": "finish"}, files=upload)
    assert bare.status_code == 422 and bare.json()["errors"][0]["pointer"] == "/new_due_date"
    wrong = await client.post(path, headers=officer, files=upload,
                              data={"action": "finish", "new_due_date": "mai"})
    assert wrong.status_code == 422 and wrong.json()["errors"][0]["pointer"] == "/new_due_date"
    done = await client.post(path, headers=officer, files=upload,
                             data={"action": "finish", "new_due_date": "2026-12-08"})
    assert done.status_code == 200, done.text
    assert done.json()["results"][0]["code"] == f"{dossier['code']}-KQ1"
    assert await ApologyLetter.count().where(ApologyLetter.dossier == dossier["id"]) == 1
