"""An officer registers a dossier brought to the one-stop desk or sent by post: the same code
sequence and lifecycle as an online one, the channel recorded, the deadline from the moment the
competent agency's clock starts (after 15:00 → the next working morning), the citizen named by ID
number and finding the dossier in their app when they first sign in."""

from __future__ import annotations

import json
import logging
import re
from datetime import datetime

from auth.sessions import start_session
from auth.signin import person_for_identity
from auth.sso import SsoIdentity
from core.clock import LOCAL
from models.auth import Person
from models.dossiers import Dossier
from models.jobs import OutboxEvent
from tests.auth_helpers import app_settings, random_id_number
from tests.dossier_factories import (
    BIRTH,
    FORMS,
    JUDICIAL,
    act,
    agency_of,
    citizen_headers,
    officer_headers,
)
from tests.frozen_clock import freeze


def intake(id_number: str, channel: str = "counter", **extra) -> dict:
    return {"service_code": BIRTH, "channel": channel, "form_data": FORMS[BIRTH],
            "applicant": {"id_number": id_number, "full_name": "Lê Thị Cúc",
                          "phone": "0987654321"}, **extra}


def local(moment: str) -> datetime:
    return datetime.fromisoformat(moment).astimezone(LOCAL)


async def test_counter_dossier_before_three_pm(client, monkeypatch):
    officer = await officer_headers(client, BIRTH)
    unit = await agency_of(BIRTH)
    freeze(monkeypatch, datetime(2026, 12, 7, 14, 0, tzinfo=LOCAL))  # a Monday
    id_number = random_id_number()
    answer = await client.post("/v1/officer/dossiers", json=intake(id_number), headers=officer)
    assert answer.status_code == 201, answer.text
    body = answer.json()
    assert re.fullmatch(re.escape(unit) + r"-261207-\d{4}", body["code"])
    assert body["channel"] == "counter" and body["state"] == "received"
    assert body["status_code"] == 2
    # One working day for birth registration, from Monday 14:00: Tuesday at closing time.
    assert local(body["due_at"]) == datetime(2026, 12, 8, 17, 0, tzinfo=LOCAL)
    assert local(body["received_at"]) == datetime(2026, 12, 7, 14, 0, tzinfo=LOCAL)
    assert body["applicant"]["full_name"] == "Lê Thị Cúc"
    assert body["applicant"]["id_number_masked"] == id_number[:4] + "*****" + id_number[-3:]
    assert id_number not in answer.text
    row = await Dossier.select().where(Dossier.id == body["id"]).first()
    assert row["submission_channel"] == 1 and row["channel"] == "counter"
    submitted = await OutboxEvent.select(OutboxEvent.payload).where(
        OutboxEvent.dedup_key.like("dossier.submitted:%"))
    payloads = [json.loads(r["payload"]) if isinstance(r["payload"], str) else r["payload"]
                for r in submitted]
    assert payloads and all(p["channel"] == "counter" and p["submission_channel"] == 1
                            and p["code"] == body["code"] for p in payloads)


async def test_counter_dossier_after_three_pm_starts_next_morning(client, monkeypatch):
    officer = await officer_headers(client, BIRTH)
    freeze(monkeypatch, datetime(2026, 12, 7, 15, 30, tzinfo=LOCAL))
    answer = await client.post("/v1/officer/dossiers", json=intake(random_id_number()),
                               headers=officer)
    assert answer.status_code == 201, answer.text
    body = answer.json()
    assert local(body["received_at"]) == datetime(2026, 12, 8, 7, 0, tzinfo=LOCAL)
    assert local(body["due_at"]) == datetime(2026, 12, 9, 17, 0, tzinfo=LOCAL)
    assert local(body["submitted_at"]) == datetime(2026, 12, 7, 15, 30, tzinfo=LOCAL)


async def test_postal_dossier_is_national_channel_three(client):
    officer = await officer_headers(client, BIRTH)
    answer = await client.post("/v1/officer/dossiers", json=intake(random_id_number(), "post"),
                               headers=officer)
    assert answer.status_code == 201, answer.text
    row = await Dossier.select().where(Dossier.id == answer.json()["id"]).first()
    assert row["submission_channel"] == 3 and row["channel"] == "post"


async def test_the_citizen_sees_it_after_signing_in_with_that_id_number(client, caplog):
    caplog.set_level(logging.INFO)
    officer = await officer_headers(client, BIRTH)
    id_number = random_id_number()
    body = (await client.post("/v1/officer/dossiers", json=intake(id_number),
                              headers=officer)).json()
    assert await Person.count().where(Person.id_number == id_number) == 1
    # First sign-in through the national SSO with that number: the same Person.
    settings = app_settings(client)
    person_id = await person_for_identity(settings, SsoIdentity(id_number=id_number,
                                                                full_name="Lê Thị Cúc"))
    tokens = await start_session(settings, person_id, client="tests", method="sso")
    citizen = {"Authorization": f"Bearer {tokens.access_token}"}
    mine = (await client.get("/v1/dossiers", headers=citizen)).json()["items"]
    assert [item["code"] for item in mine] == [body["code"]]
    assert mine[0]["channel"] == "counter"
    seen = await client.get(f"/v1/dossiers/{body['id']}", headers=citizen)
    assert seen.status_code == 200 and seen.json()["status_code"] == 2
    # A second dossier for the same citizen finds the Person rather than making another.
    again = await client.post("/v1/officer/dossiers", json=intake(id_number), headers=officer)
    assert again.status_code == 201
    assert await Person.count().where(Person.id_number == id_number) == 1
    assert id_number not in caplog.text


async def test_a_retry_with_the_same_key_registers_once(client):
    officer = await officer_headers(client, BIRTH)
    request = intake(random_id_number())
    headers = {**officer, "Idempotency-Key": "counter-0001"}
    first = await client.post("/v1/officer/dossiers", json=request, headers=headers)
    second = await client.post("/v1/officer/dossiers", json=request, headers=headers)
    assert first.status_code == second.status_code == 201
    assert second.headers.get("idempotent-replayed") == "true"
    assert first.json()["id"] == second.json()["id"] and first.json()["code"]
    assert await Dossier.count() == 1


async def test_bad_intakes_change_nothing(client):
    officer = await officer_headers(client, BIRTH)
    other_agency = await officer_headers(client, unit_code="000.00.99.H99")
    citizen = await citizen_headers(client)
    good = intake(random_id_number())
    assert (await client.post("/v1/officer/dossiers", json=good,
                              headers=citizen)).status_code == 403
    foreign = await client.post("/v1/officer/dossiers", json=good, headers=other_agency)
    assert foreign.status_code == 403
    bad_number = await client.post("/v1/officer/dossiers", json=intake("123"), headers=officer)
    assert bad_number.status_code == 422
    assert bad_number.json()["type"].endswith("/invalid-id-number")
    incomplete = await client.post("/v1/officer/dossiers", headers=officer,
                                   json={**good, "form_data": {}})
    assert incomplete.status_code == 422
    assert await Dossier.count() == 0
    assert await Person.count().where(
        Person.id_number == good["applicant"]["id_number"]) == 0


async def test_two_desks_registering_one_new_citizen_at_once(client):
    import asyncio

    officer = await officer_headers(client, BIRTH)
    other_desk = await officer_headers(client, BIRTH)
    id_number = random_id_number()
    answers = await asyncio.gather(
        client.post("/v1/officer/dossiers", json=intake(id_number), headers=officer),
        client.post("/v1/officer/dossiers", json=intake(id_number), headers=other_desk))
    assert [a.status_code for a in answers] == [201, 201]
    assert answers[0].json()["code"] != answers[1].json()["code"]
    assert await Person.count().where(Person.id_number == id_number) == 1
    owners = {row["applicant"] for row in await Dossier.select(Dossier.applicant)}
    assert len(owners) == 1


async def test_the_fee_is_quoted_for_the_counter_and_paid_there(client):
    officer = await officer_headers(client, JUDICIAL)
    answer = await client.post("/v1/officer/dossiers", headers=officer, json={
        "service_code": JUDICIAL, "channel": "counter", "form_data": FORMS[JUDICIAL],
        "applicant": {"id_number": random_id_number(), "full_name": "Nguyễn Văn An"}})
    assert answer.status_code == 201, answer.text
    body = answer.json()
    assert body["fee_total"] == 200_000 and body["fee_quote"]["channel"] == "counter"
    # A full-process service takes its online dossiers' fees online only; this one came to
    # the desk, and pays there.
    asked = await act(client, officer, body["id"], "request_payment", payment_channel="counter")
    assert asked.status_code == 200, asked.text
    paid = await act(client, officer, body["id"], "mark_paid")
    assert paid.status_code == 200 and paid.json()["state"] == "processing"
    assert paid.json()["paid_online"] is False
