"""Feedback and complaints (phản ánh, kiến nghị): a citizen sends one about a service or a dossier
of theirs; it gets a response deadline in working days; the agency's officers see it in their
queue (the overdue first), take it and answer; the citizen is told by push and inbox, reads the
answer and closes it. Every change is audited and the text never reaches the logs."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

import pytest

from core.clock import LOCAL
from models.audit import AuditEvent
from models.notifications import Notification
from tests.dossier_factories import (
    BIRTH,
    citizen_headers,
    officer_headers,
    submitted_dossier,
)
from tests.frozen_clock import freeze
from tests.notification_support import pushes, register
from tests.postal_support import until

pytestmark = pytest.mark.usefixtures("clean_push_sandbox")

SECRET_TEXT = "Cán bộ Trần Văn Bảy yêu cầu nộp thêm 500.000 đồng ngoài quy định"


def local(moment: str) -> datetime:
    return datetime.fromisoformat(moment).astimezone(LOCAL)


async def send(client, headers, **about) -> dict:
    answer = await client.post("/v1/feedback", headers=headers, json={
        "kind": "phan_anh", "subject": "Thu phí ngoài quy định", "body": SECRET_TEXT, **about})
    assert answer.status_code == 201, answer.text
    return answer.json()


async def test_lifecycle_deadline_answer_and_notice(client, monkeypatch, caplog):
    caplog.set_level(logging.INFO)
    freeze(monkeypatch, datetime(2026, 12, 7, 10, 0, tzinfo=LOCAL))  # a Monday
    citizen = await citizen_headers(client)
    phone = await register(client, citizen)
    officer = await officer_headers(client, BIRTH)
    sent = await send(client, citizen, service_code=BIRTH)
    assert sent["state"] == "received" and sent["answer"] is None and not sent["overdue"]
    # Ten working days from Monday 7 December: Monday 21 December, at closing time.
    assert local(sent["due_at"]) == datetime(2026, 12, 21, 17, 0, tzinfo=LOCAL)
    assert sent["about"]["service_code"] == BIRTH

    queue = (await client.get("/v1/officer/feedback", headers=officer)).json()["items"]
    assert [item["id"] for item in queue] == [sent["id"]]
    assert queue[0]["sender"]["full_name"] and "id_number" not in queue[0]["sender"]
    taken = await client.post(f"/v1/officer/feedback/{sent['id']}/take", headers=officer)
    assert taken.status_code == 200 and taken.json()["state"] == "answering"

    freeze(monkeypatch, datetime(2026, 12, 9, 9, 0, tzinfo=LOCAL))
    answered = await client.post(f"/v1/officer/feedback/{sent['id']}/answer", headers=officer,
                                 json={"answer": "Đã kiểm tra và xử lý cán bộ vi phạm."})
    assert answered.status_code == 200, answered.text
    assert answered.json()["state"] == "answered"
    again = await client.post(f"/v1/officer/feedback/{sent['id']}/answer", headers=officer,
                              json={"answer": "Lần hai"})
    assert again.status_code == 409

    async def told() -> bool:
        inbox = await Notification.select(Notification.kind).where(
            Notification.kind == "feedback_answered")
        return bool(inbox) and any(p.message.kind == "feedback_answered"
                                   for p in pushes(phone["id"]))

    await until(client, told)
    push = next(p.message for p in pushes(phone["id"]) if p.message.kind == "feedback_answered")
    assert SECRET_TEXT not in push.body and "vi phạm" not in push.body
    inbox = (await client.get("/v1/notifications", headers=citizen)).json()["items"]
    notice = next(item for item in inbox if item["kind"] == "feedback_answered")
    assert notice["data"]["feedback_id"] == sent["id"]
    assert push.data["notification_id"] == notice["id"]

    seen = (await client.get(f"/v1/feedback/{sent['id']}", headers=citizen)).json()
    assert seen["answer"] == "Đã kiểm tra và xử lý cán bộ vi phạm."
    assert seen["answered_on_time"] is True and seen["allowed_actions"] == ["close"]
    closed = await client.post(f"/v1/feedback/{sent['id']}/close", headers=citizen)
    assert closed.status_code == 200 and closed.json()["state"] == "closed"

    audited = await AuditEvent.select(AuditEvent.action).where(
        AuditEvent.subject_id == sent["id"]).order_by(AuditEvent.id)
    assert [a["action"] for a in audited] == [
        "feedback.received", "feedback.answering", "feedback.answered", "feedback.closed"]
    assert SECRET_TEXT not in caplog.text and "vi phạm" not in caplog.text


async def test_overdue_feedback_leads_the_queue(client, monkeypatch):
    citizen = await citizen_headers(client)
    officer = await officer_headers(client, BIRTH)
    freeze(monkeypatch, datetime(2026, 12, 1, 10, 0, tzinfo=LOCAL))
    old = await send(client, citizen, service_code=BIRTH)
    freeze(monkeypatch, datetime(2026, 12, 14, 10, 0, tzinfo=LOCAL))
    new = await send(client, citizen, service_code=BIRTH)
    # 1 December + 10 working days = 15 December: overdue from the 16th.
    freeze(monkeypatch, datetime(2026, 12, 16, 9, 0, tzinfo=LOCAL))
    queue = (await client.get("/v1/officer/feedback", headers=officer)).json()["items"]
    assert [(item["id"], item["overdue"]) for item in queue] == [(old["id"], True),
                                                                 (new["id"], False)]
    late = (await client.get("/v1/officer/feedback?overdue=true", headers=officer)).json()
    assert [item["id"] for item in late["items"]] == [old["id"]]
    first = (await client.get("/v1/officer/feedback?limit=1", headers=officer)).json()
    rest = (await client.get(f"/v1/officer/feedback?limit=1&cursor={first['next_cursor']}",
                             headers=officer)).json()
    assert [i["id"] for i in first["items"] + rest["items"]] == [old["id"], new["id"]]
    assert rest["next_cursor"] is None
    mine = (await client.get(f"/v1/feedback/{old['id']}", headers=citizen)).json()
    assert mine["overdue"] is True
    answered = await client.post(f"/v1/officer/feedback/{old['id']}/answer", headers=officer,
                                 json={"answer": "Xin lỗi vì trả lời chậm."})
    assert answered.json()["overdue"] is False and answered.json()["answered_on_time"] is False
    freeze(monkeypatch, datetime(2026, 12, 16, 9, 0, tzinfo=LOCAL) + timedelta(minutes=1))
    queue = (await client.get("/v1/officer/feedback", headers=officer)).json()["items"]
    assert [item["id"] for item in queue] == [new["id"]]  # open ones by default


async def test_no_one_else_sees_it(client):
    citizen = await citizen_headers(client)
    stranger = await citizen_headers(client)
    officer = await officer_headers(client, BIRTH)
    elsewhere = await officer_headers(client, unit_code="000.00.99.H99")
    dossier = await submitted_dossier(client, citizen, BIRTH)
    sent = await send(client, citizen, dossier_id=dossier["id"])
    assert sent["about"]["dossier_code"] == dossier["code"]
    assert (await client.get(f"/v1/feedback/{sent['id']}", headers=stranger)).status_code == 404
    assert (await client.get("/v1/feedback", headers=stranger)).json()["items"] == []
    assert (await client.post(f"/v1/feedback/{sent['id']}/close",
                              headers=stranger)).status_code == 404
    # Feedback about someone else's dossier: that dossier does not exist for the sender.
    about_other = await client.post("/v1/feedback", headers=stranger, json={
        "kind": "kien_nghi", "subject": "x", "body": "y", "dossier_id": dossier["id"]})
    assert about_other.status_code == 404
    # Officers of another agency: not found, not listed; citizens: not officers.
    assert (await client.get(f"/v1/officer/feedback/{sent['id']}",
                             headers=elsewhere)).status_code == 404
    assert (await client.post(f"/v1/officer/feedback/{sent['id']}/answer", headers=elsewhere,
                              json={"answer": "z"})).status_code == 404
    assert (await client.get("/v1/officer/feedback", headers=elsewhere)).json()["items"] == []
    assert (await client.get("/v1/officer/feedback", headers=citizen)).status_code == 403
    assert (await client.get(f"/v1/officer/feedback/{sent['id']}",
                             headers=officer)).status_code == 200
    listed = await client.get("/v1/feedback", headers=citizen)
    assert [item["id"] for item in listed.json()["items"]] == [sent["id"]]
    assert "private" in listed.headers["cache-control"]
    again = await client.get("/v1/feedback", headers={**citizen,
                                                      "If-None-Match": listed.headers["etag"]})
    assert again.status_code == 304


async def test_bad_feedback_is_refused(client):
    citizen = await citizen_headers(client)
    for body in ({"kind": "phan_anh", "subject": "x", "body": "y"},
                 {"kind": "phan_anh", "subject": "x", "body": "y", "service_code": BIRTH,
                  "dossier_id": "00000000-0000-0000-0000-000000000000"},
                 {"kind": "khac", "subject": "x", "body": "y", "service_code": BIRTH},
                 {"kind": "phan_anh", "subject": " ", "body": "y", "service_code": BIRTH},
                 {"kind": "phan_anh", "subject": "x", "body": "y", "service_code": "NOPE"}):
        answer = await client.post("/v1/feedback", headers=citizen, json=body)
        assert answer.status_code == 422, (body, answer.text)
    assert (await client.get("/v1/feedback", headers=citizen)).json()["items"] == []


async def test_a_retry_with_the_same_key_sends_once(client):
    citizen = await citizen_headers(client)
    headers = {**citizen, "Idempotency-Key": "feedback-0001"}
    body = {"kind": "kien_nghi", "subject": "Giờ làm việc", "body": "Đề nghị mở cửa thứ Bảy",
            "service_code": BIRTH}
    first = await client.post("/v1/feedback", headers=headers, json=body)
    second = await client.post("/v1/feedback", headers=headers, json=body)
    assert first.status_code == second.status_code == 201
    assert first.json()["id"] == second.json()["id"]
    assert second.headers.get("idempotent-replayed") == "true"
    assert len((await client.get("/v1/feedback", headers=citizen)).json()["items"]) == 1


async def test_two_officers_answering_at_once_one_wins(client):
    import asyncio

    citizen = await citizen_headers(client)
    sent = await send(client, citizen, service_code=BIRTH)
    first = await officer_headers(client, BIRTH)
    second = await officer_headers(client, BIRTH)
    url = f"/v1/officer/feedback/{sent['id']}/answer"
    answers = await asyncio.gather(client.post(url, json={"answer": "Một"}, headers=first),
                                   client.post(url, json={"answer": "Hai"}, headers=second))
    assert sorted(a.status_code for a in answers) == [200, 409]
    winner = next(a for a in answers if a.status_code == 200).json()["answer"]
    seen = (await client.get(f"/v1/feedback/{sent['id']}", headers=citizen)).json()
    assert seen["answer"] == winner
    audited = await AuditEvent.count().where((AuditEvent.subject_id == sent["id"])
                                             & (AuditEvent.action == "feedback.answered"))
    assert audited == 1


async def test_an_answer_left_alone_closes_after_thirty_days(client, monkeypatch):
    from feedback import closing

    citizen = await citizen_headers(client)
    officer = await officer_headers(client, BIRTH)
    freeze(monkeypatch, datetime(2026, 11, 2, 10, 0, tzinfo=LOCAL))
    old = await send(client, citizen, service_code=BIRTH)
    assert (await client.post(f"/v1/officer/feedback/{old['id']}/answer", headers=officer,
                              json={"answer": "Đã xử lý."})).status_code == 200
    freeze(monkeypatch, datetime(2026, 11, 30, 10, 0, tzinfo=LOCAL))
    recent = await send(client, citizen, service_code=BIRTH)
    assert (await client.post(f"/v1/officer/feedback/{recent['id']}/answer", headers=officer,
                              json={"answer": "Đã xử lý."})).status_code == 200
    freeze(monkeypatch, datetime(2026, 12, 3, 10, 0, tzinfo=LOCAL))  # 31 days after the first
    assert await closing.close_answered() == 1
    assert await closing.close_answered() == 0
    states = {item["id"]: item["state"] for item in
              (await client.get("/v1/feedback", headers=citizen)).json()["items"]}
    assert states == {old["id"]: "closed", recent["id"]: "answered"}
    closed = await AuditEvent.select(AuditEvent.actor_kind, AuditEvent.actor_id).where(
        (AuditEvent.subject_id == old["id"]) & (AuditEvent.action == "feedback.closed")).first()
    assert closed == {"actor_kind": "system", "actor_id": "feedback.close_answered"}
