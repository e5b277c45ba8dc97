"""Gateways retry and duplicate: the same callback ten times at once settles once; a `failed`
after `succeeded` changes nothing; a forged callback writes nothing."""

from __future__ import annotations

import asyncio

from models.dossiers import DossierEvent
from models.payments import PaymentAttempt, PaymentNotice, PaymentReceipt, PaymentReview
from tests.payment_support import (
    callback,
    dossier_awaiting_payment,
    dossier_state,
    fakepay_fixture,  # noqa: F401 - the `fakepay` fixture
    paid,
    payment_topics_fixture,  # noqa: F401 - the `payment_topics` fixture
    published,
    start,
)


async def test_ten_concurrent_identical_callbacks_settle_once(client, fakepay, payment_topics):
    citizen, dossier = await dossier_awaiting_payment(client)
    payment = (await start(client, citizen, dossier["id"])).json()
    answers = await asyncio.gather(*[callback(client, paid(payment)) for _ in range(10)])
    assert [a.status_code for a in answers] == [200] * 10
    assert await PaymentNotice.count() == 1
    assert await PaymentReceipt.count() == 1
    assert await PaymentReview.count() == 0
    paid_events = await DossierEvent.count().where(DossierEvent.event == "dossier.paid")
    assert paid_events == 1
    assert len(await published("payment.succeeded")) == 1
    assert (await dossier_state(client, citizen, dossier["id"]))["state"] == "processing"


async def test_same_payment_under_new_message_ids_is_still_one_settlement(client, fakepay):
    citizen, dossier = await dossier_awaiting_payment(client)
    payment = (await start(client, citizen, dossier["id"])).json()
    answers = await asyncio.gather(*[callback(client, paid(payment, message_id=f"evt-{n}"))
                                     for n in range(5)])
    assert [a.status_code for a in answers] == [200] * 5
    assert await PaymentReceipt.count() == 1
    assert await PaymentReview.count() == 0
    assert await DossierEvent.count().where(DossierEvent.event == "dossier.paid") == 1


async def test_failed_after_succeeded_does_not_regress(client, fakepay):
    citizen, dossier = await dossier_awaiting_payment(client)
    payment = (await start(client, citizen, dossier["id"])).json()
    await callback(client, paid(payment))
    late = await callback(client, {"id": "evt-late", "outcome": "failed",
                                   "provider_ref": f"fp_{payment['id']}"})
    assert late.status_code == 200
    shown = await client.get(f"/v1/payments/{payment['id']}", headers=citizen)
    assert shown.json()["state"] == "succeeded"
    assert (await dossier_state(client, citizen, dossier["id"]))["state"] == "processing"


async def test_failed_while_pending_fails_the_attempt(client, fakepay, payment_topics):
    citizen, dossier = await dossier_awaiting_payment(client)
    payment = (await start(client, citizen, dossier["id"])).json()
    await callback(client, {"id": "evt-f", "outcome": "failed",
                            "provider_ref": f"fp_{payment['id']}"})
    shown = await client.get(f"/v1/payments/{payment['id']}", headers=citizen)
    assert shown.json()["state"] == "failed"
    assert len(await published("payment.failed")) == 1
    assert (await dossier_state(client, citizen, dossier["id"]))["state"] == "payment_requested"


async def test_forged_callback_writes_nothing(client, fakepay):
    citizen, dossier = await dossier_awaiting_payment(client)
    payment = (await start(client, citizen, dossier["id"])).json()
    forged = await callback(client, paid(payment), signature="forged")
    assert forged.status_code == 401
    assert forged.headers["content-type"].startswith("application/problem+json")
    assert forged.json()["type"].endswith("/payment-callback-unauthentic")
    assert await PaymentNotice.count() == 0
    attempt = await PaymentAttempt.select(PaymentAttempt.state).first()
    assert attempt["state"] == "pending"
    assert (await dossier_state(client, citizen, dossier["id"]))["state"] == "payment_requested"
    unknown = await client.post("/v1/callbacks/payments/nobody", content=b"{}")
    assert unknown.status_code == 404
