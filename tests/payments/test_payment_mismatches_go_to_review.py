"""Money that does not match is never taken silently nor dropped: wrong amounts, unknown
references and payments after expiry open review items (dossier unchanged); an officer of the
agency resolves them."""

from __future__ import annotations

import datetime as dt

from models.audit import AuditEvent
from models.payments import PaymentAttempt, PaymentReview, RefundOrder
from payments import reconcile
from tests.auth_helpers import sign_in
from tests.dossier_factories import JUDICIAL, officer_headers
from tests.payment_support import (
    callback,
    dossier_awaiting_payment,
    dossier_state,
    fakepay_fixture,  # noqa: F401 - the `fakepay` fixture
    payment_topics_fixture,  # noqa: F401 - the `payment_topics` fixture
    published,
    start,
)


async def credit(client, payment, amount, message_id, reference=None):
    return await callback(client, {"id": message_id, "outcome": "credit", "amount": amount,
                                   "reference": reference or f"CK {payment['reference']} phi"})


async def test_wrong_amounts_and_unknown_reference_open_reviews(client, fakepay, payment_topics):
    citizen, dossier = await dossier_awaiting_payment(client)
    payment = (await start(client, citizen, dossier["id"])).json()
    for amount, message_id in ((150_000, "n-1"), (250_000, "n-2")):
        assert (await credit(client, payment, amount, message_id)).status_code == 200
    unknown = await credit(client, payment, 200_000, "n-3", reference="MCZZZZZZZZ")
    assert unknown.status_code == 200
    reasons = sorted(r["reason"] for r in await PaymentReview.select(PaymentReview.reason))
    assert reasons == ["overpaid", "underpaid", "unknown_reference"]
    assert (await dossier_state(client, citizen, dossier["id"]))["state"] == "payment_requested"
    shown = await client.get(f"/v1/payments/{payment['id']}", headers=citizen)
    assert shown.json()["state"] == "pending"
    assert len(await published("payment.review_opened")) == 3

    officer = await officer_headers(client, JUDICIAL)
    listed = (await client.get("/v1/officer/payments/review", headers=officer)).json()["items"]
    # The unknown reference matches no agency: only administrators see it.
    assert sorted(i["reason"] for i in listed) == ["overpaid", "underpaid"]
    admin = await sign_in(client, role="admin", agency_unit_code="000.00.02.H22")
    seen = (await client.get("/v1/officer/payments/review", headers=admin)).json()["items"]
    assert len(seen) == 3
    other = await officer_headers(client, unit_code="000.00.09.H22")
    assert (await client.get("/v1/officer/payments/review", headers=other)).json()["items"] == []
    citizen_look = await client.get("/v1/officer/payments/review", headers=citizen)
    assert citizen_look.status_code == 403


async def test_officer_accepts_overpayment_and_orders_the_excess_back(client, fakepay):
    citizen, dossier = await dossier_awaiting_payment(client)
    payment = (await start(client, citizen, dossier["id"])).json()
    await credit(client, payment, 150_000, "n-under")
    await credit(client, payment, 250_000, "n-over")
    officer = await officer_headers(client, JUDICIAL)
    items = {i["reason"]: i for i in
             (await client.get("/v1/officer/payments/review", headers=officer)).json()["items"]}
    url = "/v1/officer/payments/review/{}/resolve"

    under = await client.post(url.format(items["underpaid"]["id"]),
                              json={"resolution": "accept"}, headers=officer)
    assert under.status_code == 409
    assert under.json()["type"].endswith("/payment-review-cannot-accept")
    no_note = await client.post(url.format(items["underpaid"]["id"]),
                                json={"resolution": "reject"}, headers=officer)
    assert no_note.status_code == 422

    accepted = await client.post(url.format(items["overpaid"]["id"]),
                                 json={"resolution": "accept", "note": "paid 50,000 too much"},
                                 headers=officer)
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["resolution"] == "accepted"
    assert (await dossier_state(client, citizen, dossier["id"]))["state"] == "processing"
    [refund] = await RefundOrder.select()
    assert refund["amount"] == 50_000 and refund["status"] == "ordered"
    receipt = await client.get(f"/v1/payments/{payment['id']}/receipt", headers=citizen)
    assert receipt.status_code == 200
    twice = await client.post(url.format(items["overpaid"]["id"]),
                              json={"resolution": "refund"}, headers=officer)
    assert twice.status_code == 409
    refunded = await client.post(url.format(items["underpaid"]["id"]),
                                 json={"resolution": "refund"}, headers=officer)
    assert refunded.json()["resolution"] == "refund_ordered"
    assert await RefundOrder.count() == 2
    audited = await AuditEvent.count().where(AuditEvent.subject_type == "payment_review")
    assert audited == 2


async def test_payment_after_expiry_goes_to_review(client, fakepay):
    citizen, dossier = await dossier_awaiting_payment(client)
    payment = (await start(client, citizen, dossier["id"])).json()
    past = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
    await PaymentAttempt.update({PaymentAttempt.expires_at: past}).where(
        PaymentAttempt.id == payment["id"])
    assert await reconcile.expire_stale() == 1
    shown = await client.get(f"/v1/payments/{payment['id']}", headers=citizen)
    assert shown.json()["state"] == "expired"

    await credit(client, payment, 200_000, "n-late")
    [review] = await PaymentReview.select()
    assert review["reason"] == "after_expiry"
    assert (await dossier_state(client, citizen, dossier["id"]))["state"] == "payment_requested"

    officer = await officer_headers(client, JUDICIAL)
    accepted = await client.post(f"/v1/officer/payments/review/{review['id']}/resolve",
                                 json={"resolution": "accept"}, headers=officer)
    assert accepted.status_code == 200, accepted.text
    assert (await dossier_state(client, citizen, dossier["id"]))["state"] == "processing"
    shown = await client.get(f"/v1/payments/{payment['id']}", headers=citizen)
    assert shown.json()["state"] == "succeeded"
    assert await RefundOrder.count() == 0
