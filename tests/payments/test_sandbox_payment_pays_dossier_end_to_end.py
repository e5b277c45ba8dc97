"""Embedded mode without a card platform: a citizen paying by card gets the sandbox, which pays
itself a moment later through the signed-callback path; the dossier moves on by itself."""

from __future__ import annotations

import json

from models.jobs import OutboxEvent
from models.payments import PaymentAttempt, PaymentNotice
from payments.providers.sandbox import PAY_JOB
from tests.outbox_support import make_due, wait_for_status
from tests.payment_support import dossier_awaiting_payment, dossier_state, start


async def _sandbox_job() -> dict:
    job = await OutboxEvent.select().where(OutboxEvent.job == PAY_JOB).first()
    assert job is not None, "starting a sandbox payment schedules its self-payment"
    return job


async def _pay_now(app) -> dict:
    """Skip the sandbox's short delay and let the app's own job runner deliver the payment."""
    job = await _sandbox_job()
    await make_due(job["id"])
    await app.state.jobs.drain_once()  # the runner's poll would get there within a second too
    return await wait_for_status(job["id"], "done", seconds=10)


async def test_card_payment_in_embedded_mode_is_paid_by_the_sandbox(app, client):
    citizen, dossier = await dossier_awaiting_payment(client)

    started = await start(client, citizen, dossier["id"], "card")

    assert started.status_code == 201, started.text
    payment = started.json()
    assert payment["state"] == "pending" and payment["method"] == "card"
    assert payment["checkout"]["sandbox"] is True
    assert (await _pay_now(app))["status"] == "done"

    shown = await client.get(f"/v1/payments/{payment['id']}", headers=citizen)
    assert shown.json()["state"] == "succeeded"
    moved = await dossier_state(client, citizen, dossier["id"])
    assert moved["state"] == "processing"
    receipt = await client.get(f"/v1/payments/{payment['id']}/receipt", headers=citizen)
    assert receipt.status_code == 200 and receipt.json()["amount"] == payment["amount"]
    # It came as a verified sandbox callback, recorded like any gateway's message.
    [notice] = await PaymentNotice.select().where(PaymentNotice.provider == "sandbox")
    assert notice["message_id"] == f"sbx_evt_{payment['id']}"


async def test_sandbox_callback_delivered_again_settles_once(app, client):
    citizen, dossier = await dossier_awaiting_payment(client)
    payment = (await start(client, citizen, dossier["id"], "card")).json()
    await _pay_now(app)
    attempt = await PaymentAttempt.select().where(PaymentAttempt.id == payment["id"]).first()

    from payments.providers.sandbox import PROVIDER

    again = PROVIDER.callback_for(attempt)
    answer = await client.post("/v1/callbacks/payments/sandbox", content=again.body,
                               headers=again.headers)

    assert answer.status_code == 200
    assert await PaymentNotice.count().where(PaymentNotice.provider == "sandbox") == 1
    after = await PaymentAttempt.select().where(PaymentAttempt.id == payment["id"]).first()
    assert after["version"] == attempt["version"] and after["state"] == "succeeded"


async def test_forged_sandbox_callback_changes_nothing(app, client):
    citizen, dossier = await dossier_awaiting_payment(client)
    payment = (await start(client, citizen, dossier["id"], "card")).json()
    body = json.dumps({"id": "sbx_evt_forged", "type": "payment.succeeded",
                       "provider_ref": f"sbx_{payment['id'].replace('-', '')}",
                       "reference": payment["reference"], "amount": payment["amount"],
                       "created": 0}).encode()

    answer = await client.post("/v1/callbacks/payments/sandbox", content=body, headers={
        "content-type": "application/json", "sandbox-signature": "t=0,v1=00"})

    assert answer.status_code == 400
    assert await PaymentNotice.count() == 0
    shown = await client.get(f"/v1/payments/{payment['id']}", headers=citizen)
    assert shown.json()["state"] == "pending"
    assert (await dossier_state(client, citizen, dossier["id"]))["state"] == "payment_requested"


async def test_a_cancelled_sandbox_payment_is_not_paid(app, client):
    citizen, dossier = await dossier_awaiting_payment(client)
    card = (await start(client, citizen, dossier["id"], "card")).json()
    # Switching method cancels the card attempt before its sandbox payment was due.
    switched = await start(client, citizen, dossier["id"], "bank_transfer")
    assert switched.status_code == 201, switched.text

    assert (await _pay_now(app))["status"] == "done"

    shown = await client.get(f"/v1/payments/{card['id']}", headers=citizen)
    assert shown.json()["state"] == "cancelled"
    assert await PaymentNotice.count() == 0
    assert (await dossier_state(client, citizen, dossier["id"]))["state"] == "payment_requested"
