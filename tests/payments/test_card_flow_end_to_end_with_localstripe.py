"""The card flow end to end against localstripe (a fake Stripe server run as its own process):
motcua serves on a real port, localstripe's signed webhook reaches POST
/v1/callbacks/payments/card, and the dossier moves on by itself. Paying at the platform alone
never marks anything paid: without a callback that verifies, the payment stays pending until
reconciliation asks the platform."""

from __future__ import annotations

import asyncio
import datetime as dt
import time

import pytest
import pytest_asyncio
import uvicorn

from core.settings import Settings
from models.payments import PaymentAttempt, PaymentNotice
from payments import reconcile
from tests.card_support import WEBHOOK_SECRET, card_settings
from tests.localstripe_support import free_port, localstripe_server  # noqa: F401
from tests.payment_support import dossier_awaiting_payment, dossier_state, start

HOOK = "motcua"


@pytest.fixture
def settings(database, tmp_path, localstripe) -> Settings:
    return Settings(database_url=database, data_dir=tmp_path, public_base_url="http://testserver",
                    plugins=(card_settings(localstripe.base_url, localstripe.api_key),))


@pytest_asyncio.fixture
async def served(app, localstripe):
    """The app (already started by the `app` fixture) on a real port, in this event loop."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, lifespan="off",
                                           log_level="warning"))
    task = asyncio.create_task(server.serve())
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline and not task.done(), "uvicorn did not start"
        await asyncio.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        # Later webhooks of this session must not knock on a port someone else may now own.
        localstripe.register_webhook(HOOK, "http://127.0.0.1:9/closed", WEBHOOK_SECRET)
        server.should_exit = True
        await task


async def wait_for_state(client, headers, payment_id: str, wanted: str, seconds: float = 15):
    deadline = time.monotonic() + seconds
    while True:
        shown = (await client.get(f"/v1/payments/{payment_id}", headers=headers)).json()
        if shown["state"] == wanted or time.monotonic() > deadline:
            return shown
        await asyncio.sleep(0.2)


async def test_a_card_payment_confirmed_at_the_platform_settles_through_its_webhook(
        client, served, localstripe):
    localstripe.register_webhook(HOOK, f"{served}/v1/callbacks/payments/card", WEBHOOK_SECRET)
    citizen, dossier = await dossier_awaiting_payment(client)

    started = await start(client, citizen, dossier["id"], "card")

    assert started.status_code == 201, started.text
    payment = started.json()
    assert payment["state"] == "pending" and payment["method"] == "card"
    intent_id = payment["checkout"]["payment_intent"]
    assert payment["checkout"]["client_secret"].startswith(intent_id)
    intent = localstripe.intent(intent_id)
    assert (intent["amount"], intent["currency"]) == (200_000, "vnd")  # đồng, zero-decimal
    assert intent["metadata"]["attempt"] == payment["id"]

    # What the app does with the client secret; motcua hears of it only through the webhook.
    confirmed = await asyncio.to_thread(localstripe.pay, intent_id)
    assert confirmed["status"] == "succeeded"

    shown = await wait_for_state(client, citizen, payment["id"], "succeeded")
    assert shown["state"] == "succeeded"
    assert (await dossier_state(client, citizen, dossier["id"]))["state"] == "processing"
    receipt = await client.get(f"/v1/payments/{payment['id']}/receipt", headers=citizen)
    assert receipt.status_code == 200 and receipt.json()["amount"] == 200_000
    [notice] = await PaymentNotice.select().where(PaymentNotice.provider == "card")
    assert notice["message_id"].startswith("evt_")  # Stripe's event id: the dedup key


async def test_a_paid_intent_whose_webhook_does_not_verify_waits_for_reconciliation(
        client, served, localstripe):
    # The platform signs with a secret motcua does not have: every delivery is refused.
    localstripe.register_webhook(HOOK, f"{served}/v1/callbacks/payments/card", "whsec_wrong")
    citizen, dossier = await dossier_awaiting_payment(client)
    payment = (await start(client, citizen, dossier["id"], "card")).json()
    intent_id = payment["checkout"]["payment_intent"]

    refused = 'webhook "payment_intent.succeeded" failed with response code 400'
    before = localstripe.logged(refused)
    await asyncio.to_thread(localstripe.pay, intent_id)
    # localstripe posts its webhook a second later; motcua answers it 400.
    await asyncio.to_thread(localstripe.wait_logged, refused, before)

    # The app coming back the way Stripe redirects (return URL with redirect_status) is not
    # evidence of payment either.
    returned = await client.get(f"/v1/payments/{payment['id']}", headers=citizen, params={
        "payment_intent": intent_id, "redirect_status": "succeeded",
        "payment_intent_client_secret": payment["checkout"]["client_secret"]})
    assert returned.json()["state"] == "pending"
    assert await PaymentNotice.count().where(PaymentNotice.provider == "card") == 0
    assert (await dossier_state(client, citizen, dossier["id"]))["state"] == "payment_requested"

    # Switching to a bank transfer now would charge the fee twice: refused, card still open.
    switched = await start(client, citizen, dossier["id"], "bank_transfer")
    assert switched.status_code == 409, switched.text
    assert switched.json()["type"].endswith("/fee-already-paid")
    attempt = await PaymentAttempt.select().where(PaymentAttempt.id == payment["id"]).first()
    assert attempt["state"] == "pending"

    # The callback never came: reconciliation asks the platform and settles once.
    assert await reconcile.query_pending(older_than=dt.timedelta(0)) == 1
    assert await reconcile.query_pending(older_than=dt.timedelta(0)) == 0
    attempt = await PaymentAttempt.select().where(PaymentAttempt.id == payment["id"]).first()
    assert attempt["state"] == "succeeded"
    assert (await dossier_state(client, citizen, dossier["id"]))["state"] == "processing"


async def test_switching_from_an_unpaid_card_payment_cancels_its_intent(client, localstripe):
    citizen, dossier = await dossier_awaiting_payment(client)
    card = (await start(client, citizen, dossier["id"], "card")).json()
    again = (await start(client, citizen, dossier["id"], "card")).json()
    assert again["id"] == card["id"]  # the pending one, not a second intent

    switched = await start(client, citizen, dossier["id"], "bank_transfer")

    assert switched.status_code == 201, switched.text
    intent = localstripe.intent(card["checkout"]["payment_intent"])
    assert intent["status"] == "canceled"
    shown = (await client.get(f"/v1/payments/{card['id']}", headers=citizen)).json()
    assert shown["state"] == "cancelled"
