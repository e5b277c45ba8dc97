"""Refund when a paid dossier is refused or stopped; reconciliation of a payment whose callback
never came; the operators' list of stuck payments."""

from __future__ import annotations

import datetime as dt
import json

from models.dossiers import DossierEvent
from models.jobs import OutboxEvent
from models.payments import PaymentAttempt, PaymentReceipt, RefundOrder
from payments import reconcile
from payments.provider import PaymentEvent
from payments.refunds import on_dossier_closed
from tests.auth_helpers import sign_in
from tests.dossier_factories import (
    JUDICIAL,
    act,
    citizen_headers,
    officer_headers,
    submitted_dossier,
)
from tests.outbox_support import wait_for_status
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

REFUND_JOB = "payments.refund_on_close"


async def paid_then_refused(client, fakepay):
    """Paid right after submission (the dossier only flagged paid), then refused by the agency."""
    citizen = await citizen_headers(client)
    dossier = await submitted_dossier(client, citizen, JUDICIAL)
    payment = (await client.post(f"/v1/dossiers/{dossier['id']}/payments",
                                 json={"method": "card"}, headers=citizen)).json()
    await callback(client, paid(payment))
    shown = await dossier_state(client, citizen, dossier["id"])
    assert shown["state"] == "submitted"
    assert await DossierEvent.count().where(DossierEvent.event == "dossier.fee_paid") == 1
    officer = await officer_headers(client, JUDICIAL)
    refused = await act(client, officer, dossier["id"], "refuse", reason="Không đủ điều kiện")
    assert refused.status_code == 200, refused.text
    [job] = await OutboxEvent.select().where(OutboxEvent.job == REFUND_JOB)
    return payment, job


async def test_card_payment_is_refunded_through_the_provider(client, fakepay, payment_topics):
    payment, job = await paid_then_refused(client, fakepay)
    assert (await wait_for_status(job["id"], "done"))["status"] == "done"
    assert fakepay.refunds == [(payment["id"], 200_000)]
    [order] = await RefundOrder.select()
    assert order["status"] == "refunded" and order["provider_ref"] == f"rf_{payment['id']}"
    attempt = await PaymentAttempt.select(PaymentAttempt.state).first()
    assert attempt["state"] == "refunded"
    [told] = await published("payment.refund_refunded")
    assert told["status"] == "refunded" and told["payment_id"] == payment["id"]


async def test_transfer_refund_is_ordered_for_the_accountant(client, fakepay, payment_topics):
    fakepay.route = "bank_transfer"
    payment, job = await paid_then_refused(client, fakepay)
    assert (await wait_for_status(job["id"], "done"))["status"] == "done"
    payload = json.loads(job["payload"]) if isinstance(job["payload"], str) else job["payload"]
    await on_dossier_closed(payload)  # a retried job records one order
    [order] = await RefundOrder.select()
    assert order["status"] == "ordered" and order["amount"] == 200_000
    assert fakepay.refunds == []  # the accountant sends it, not the provider
    attempt = await PaymentAttempt.select(PaymentAttempt.state).first()
    assert attempt["state"] == "succeeded"
    assert await published("payment.refund_refunded") == []
    assert [t["status"] for t in await published("payment.refund_ordered")] == ["ordered"]


async def test_pending_payment_without_callback_is_settled_by_reconciliation(client, fakepay):
    citizen, dossier = await dossier_awaiting_payment(client)
    payment = (await start(client, citizen, dossier["id"])).json()
    assert await reconcile.query_pending() == 0  # too recent to ask about
    hour_ago = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
    await PaymentAttempt.update({PaymentAttempt.created_at: hour_ago}).where(
        PaymentAttempt.id == payment["id"])
    admin = await sign_in(client, role="admin", agency_unit_code="000.00.02.H22")
    stuck = (await client.get("/v1/ops/payments/stuck", headers=admin)).json()["items"]
    assert [s["id"] for s in stuck] == [payment["id"]]
    assert stuck[0]["checkout"] == {}
    assert (await client.get("/v1/ops/payments/stuck", headers=citizen)).status_code == 403

    fakepay.statuses[payment["id"]] = PaymentEvent(
        message_id="ignored", outcome="succeeded", amount=200_000,
        provider_ref=f"fp_{payment['id']}")
    await reconcile.sweep()
    await reconcile.sweep()  # asking again adds nothing
    assert (await dossier_state(client, citizen, dossier["id"]))["state"] == "processing"
    assert await PaymentReceipt.count() == 1
    assert (await client.get("/v1/ops/payments/stuck", headers=admin)).json()["items"] == []
    # The callback arriving after all is the same payment, not new money.
    late = await callback(client, paid(payment, message_id="evt-late"))
    assert late.status_code == 200
    assert await PaymentReceipt.count() == 1
