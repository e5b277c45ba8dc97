"""Card callbacks through POST /v1/callbacks/payments/card: the same signed event delivered ten
times at once settles once (the event id is the dedup key) and each delivery gets 200; a
decline or cancellation after success does not undo it; a declined card leaves the payment open
so the citizen can pay the same intent with another card; a forged signature, a stale timestamp
and a wrong amount change nothing the citizen can see and answer as Stripe expects (400 / 200)."""

from __future__ import annotations

import asyncio
import time
from urllib.parse import parse_qsl

import httpx
import pytest

from core.settings import Settings
from models.payments import PaymentAttempt, PaymentNotice, PaymentReview
from payments.providers import card
from tests.card_support import card_settings, intent_event, signed
from tests.payment_support import dossier_awaiting_payment, dossier_state, start


def fake_platform(request: httpx.Request) -> httpx.Response:
    """Creates PaymentIntents the way the platform does (only what start reads back)."""
    assert request.url.path == "/v1/payment_intents"
    form = dict(parse_qsl(request.content.decode()))
    intent = f"pi_{form['metadata[attempt]'].replace('-', '')[:20]}"
    return httpx.Response(200, json={"id": intent, "client_secret": f"{intent}_secret_x",
                                     "amount": int(form["amount"]), "currency": form["currency"],
                                     "status": "requires_payment_method"})


@pytest.fixture
def settings(database, tmp_path, monkeypatch) -> Settings:
    monkeypatch.setattr(card.provider, "_transport", httpx.MockTransport(fake_platform))
    return Settings(database_url=database, data_dir=tmp_path, public_base_url="http://testserver",
                    plugins=(card_settings(),))


async def card_payment(client) -> tuple[dict, dict, dict]:
    citizen, dossier = await dossier_awaiting_payment(client)
    answer = await start(client, citizen, dossier["id"], "card")
    assert answer.status_code == 201, answer.text
    return citizen, dossier, answer.json()


async def deliver(client, inbound) -> httpx.Response:
    return await client.post("/v1/callbacks/payments/card", content=inbound.body,
                             headers=inbound.headers)


def succeeded(payment: dict, event_id: str = "evt_paid", **fields) -> dict:
    return intent_event("payment_intent.succeeded", payment["checkout"]["payment_intent"],
                        event_id, amount_received=payment["amount"], **fields)


async def test_one_event_delivered_ten_times_at_once_settles_once(client):
    citizen, dossier, payment = await card_payment(client)
    inbound = signed(succeeded(payment))

    answers = await asyncio.gather(*(deliver(client, inbound) for _ in range(10)))

    assert [a.status_code for a in answers] == [200] * 10
    assert all(a.json() == {"received": True} for a in answers)
    assert await PaymentNotice.count().where(PaymentNotice.provider == "card") == 1
    attempt = await PaymentAttempt.select().where(PaymentAttempt.id == payment["id"]).first()
    assert attempt["state"] == "succeeded"
    assert (await dossier_state(client, citizen, dossier["id"]))["state"] == "processing"


async def test_a_failure_after_success_does_not_undo_it(client):
    citizen, dossier, payment = await card_payment(client)
    assert (await deliver(client, signed(succeeded(payment)))).status_code == 200
    for kind in ("payment_intent.payment_failed", "payment_intent.canceled"):
        late = intent_event(kind, payment["checkout"]["payment_intent"], f"evt_late_{kind}",
                            last_payment_error={"code": "card_declined"})
        assert (await deliver(client, signed(late))).status_code == 200

    shown = (await client.get(f"/v1/payments/{payment['id']}", headers=citizen)).json()
    assert shown["state"] == "succeeded"
    assert (await dossier_state(client, citizen, dossier["id"]))["state"] == "processing"


@pytest.mark.parametrize("how", ["forged", "stale"])
async def test_a_forged_or_stale_callback_changes_nothing(client, how):
    citizen, dossier, payment = await card_payment(client)
    inbound = (signed(succeeded(payment), secret="whsec_not_ours") if how == "forged"
               else signed(succeeded(payment), at=int(time.time()) - 301))

    answer = await deliver(client, inbound)

    assert answer.status_code == 400
    assert await PaymentNotice.count() == 0
    shown = (await client.get(f"/v1/payments/{payment['id']}", headers=citizen)).json()
    assert shown["state"] == "pending"
    assert (await dossier_state(client, citizen, dossier["id"]))["state"] == "payment_requested"


async def test_a_wrong_amount_goes_to_review_and_pays_nothing(client):
    citizen, dossier, payment = await card_payment(client)
    event = succeeded(payment, amount=20_000)
    event["data"]["object"]["amount_received"] = 20_000

    answer = await deliver(client, signed(event))

    assert answer.status_code == 200  # recorded: the platform must not resend it
    shown = (await client.get(f"/v1/payments/{payment['id']}", headers=citizen)).json()
    assert shown["state"] == "pending"
    [item] = await PaymentReview.select().where(PaymentReview.attempt == payment["id"])
    assert (item["amount"], item["expected_amount"]) == (20_000, 200_000)
    assert (await dossier_state(client, citizen, dossier["id"]))["state"] == "payment_requested"


async def test_a_declined_card_leaves_the_payment_open_for_another_card(client):
    citizen, dossier, payment = await card_payment(client)
    declined = intent_event("payment_intent.payment_failed",
                            payment["checkout"]["payment_intent"], "evt_declined",
                            last_payment_error={"code": "card_declined"})
    assert (await deliver(client, signed(declined))).status_code == 200
    shown = (await client.get(f"/v1/payments/{payment['id']}", headers=citizen)).json()
    assert shown["state"] == "pending"

    assert (await deliver(client, signed(succeeded(payment)))).status_code == 200

    shown = (await client.get(f"/v1/payments/{payment['id']}", headers=citizen)).json()
    assert shown["state"] == "succeeded"
    assert (await dossier_state(client, citizen, dossier["id"]))["state"] == "processing"


async def test_a_cancelled_intent_closes_the_payment(client):
    citizen, _, payment = await card_payment(client)
    cancelled = intent_event("payment_intent.canceled", payment["checkout"]["payment_intent"],
                             "evt_cancelled", cancellation_reason="abandoned")
    assert (await deliver(client, signed(cancelled))).status_code == 200
    shown = (await client.get(f"/v1/payments/{payment['id']}", headers=citizen)).json()
    assert shown["state"] == "failed"
