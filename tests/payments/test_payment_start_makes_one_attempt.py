"""Never two charges for one fee: concurrent starts give one attempt; another method cancels the
pending one first; a partial service paid at the counter and a free dossier refuse online payment;
another citizen finds nothing."""

from __future__ import annotations

import asyncio

from models.payments import PaymentAttempt, PaymentReview
from tests.dossier_factories import BIRTH, CERTIFY, citizen_headers, submitted_dossier
from tests.payment_support import (
    callback,
    dossier_awaiting_payment,
    fakepay_fixture,  # noqa: F401 - the `fakepay` fixture
    paid,
    start,
)


async def test_concurrent_starts_make_one_attempt(client, fakepay):
    citizen, dossier = await dossier_awaiting_payment(client)
    answers = await asyncio.gather(*[start(client, citizen, dossier["id"]) for _ in range(6)])
    assert all(a.status_code == 201 for a in answers), [a.text for a in answers]
    assert len({a.json()["id"] for a in answers}) == 1
    assert await PaymentAttempt.count() == 1
    assert len(fakepay.starts) == 1


async def test_other_method_cancels_the_pending_one_first(client, fakepay):
    citizen, dossier = await dossier_awaiting_payment(client)
    first = (await start(client, citizen, dossier["id"])).json()
    second = (await start(client, citizen, dossier["id"], method="vietqr")).json()
    assert second["id"] != first["id"] and second["method"] == "vietqr"
    assert fakepay.cancelled == [first["id"]]
    old = await client.get(f"/v1/payments/{first['id']}", headers=citizen)
    assert old.json()["state"] == "cancelled"
    # Money for the cancelled attempt is not taken silently: it goes to review.
    await callback(client, paid(first))
    [review] = await PaymentReview.select()
    assert review["reason"] == "after_cancel" and str(review["attempt"]) == first["id"]
    again = await client.get(f"/v1/payments/{second['id']}", headers=citizen)
    assert again.json()["state"] == "pending"


async def test_paid_dossier_refuses_another_payment(client, fakepay):
    citizen, dossier = await dossier_awaiting_payment(client)
    payment = (await start(client, citizen, dossier["id"])).json()
    await callback(client, paid(payment))
    refused = await start(client, citizen, dossier["id"])
    assert refused.status_code == 409
    assert refused.json()["type"].endswith("/fee-already-paid")


async def test_partial_service_paid_at_counter_refuses_with_its_own_type(client, fakepay):
    citizen = await citizen_headers(client)
    dossier = await submitted_dossier(client, citizen, CERTIFY)
    refused = await start(client, citizen, dossier["id"])
    assert refused.status_code == 409
    assert refused.json()["type"] == "https://motcua.gov.vn/problems/payment-not-offered-online"
    assert await PaymentAttempt.count() == 0


async def test_free_dossier_and_unknown_method_are_refused(client, fakepay):
    citizen = await citizen_headers(client)
    free = await submitted_dossier(client, citizen, BIRTH)
    refused = await start(client, citizen, free["id"])
    assert refused.json()["type"].endswith("/no-fee-due")
    own_citizen, own = await dossier_awaiting_payment(client)
    bad = await start(client, own_citizen, own["id"], method="cheque")
    # The methods are a closed set of the document: anything else is refused as invalid input.
    assert bad.status_code == 422 and bad.json()["type"].endswith("/validation-failed")
    assert bad.json()["errors"][0]["pointer"] == "/method"
    assert await PaymentAttempt.count() == 0


async def test_another_citizen_finds_nothing_on_payment_paths(client, fakepay):
    citizen, dossier = await dossier_awaiting_payment(client)
    payment = (await start(client, citizen, dossier["id"])).json()
    await callback(client, paid(payment))
    stranger = await citizen_headers(client)
    for suffix in ("", "/qr", "/receipt"):
        seen = await client.get(f"/v1/payments/{payment['id']}{suffix}", headers=stranger)
        assert seen.status_code == 404, suffix
        assert seen.json()["type"].endswith("/payment-not-found")
    owner = await client.get(f"/v1/payments/{payment['id']}/receipt", headers=citizen)
    assert owner.status_code == 200
    assert (await start(client, stranger, dossier["id"])).status_code == 404
