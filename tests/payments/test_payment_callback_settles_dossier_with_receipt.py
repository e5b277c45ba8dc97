"""A verified success callback settles the dossier: payment succeeded, dossier 6 → processing,
receipt issued, outbox written; the same start twice gives one attempt."""

from __future__ import annotations

import re

from models.payments import PaymentAttempt
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


async def test_start_returns_pending_and_second_start_the_same(client, fakepay):
    citizen, dossier = await dossier_awaiting_payment(client)
    first = await start(client, citizen, dossier["id"])
    assert first.status_code == 201, first.text
    payment = first.json()
    assert payment["state"] == "pending"
    assert payment["amount"] == 200_000
    assert payment["checkout"]["pay_url"].endswith(payment["id"])
    assert re.fullmatch(r"MC[A-HJKMNP-Z2-9]{8}", payment["reference"])
    again = await start(client, citizen, dossier["id"])
    assert again.json()["id"] == payment["id"]
    assert len(fakepay.starts) == 1
    assert await PaymentAttempt.count() == 1


async def test_success_callback_moves_dossier_on_and_issues_receipt(client, fakepay,
                                                                    payment_topics):
    citizen, dossier = await dossier_awaiting_payment(client)
    payment = (await start(client, citizen, dossier["id"])).json()
    before = await client.get(f"/v1/payments/{payment['id']}/receipt", headers=citizen)
    assert before.status_code == 404

    answer = await callback(client, paid(payment))
    assert answer.status_code == 200 and answer.json() == {"received": True}

    shown = await client.get(f"/v1/payments/{payment['id']}", headers=citizen)
    assert shown.json()["state"] == "succeeded"
    cached = await client.get(f"/v1/payments/{payment['id']}", headers={
        **citizen, "If-None-Match": shown.headers["etag"]})
    assert cached.status_code == 304
    moved = await dossier_state(client, citizen, dossier["id"])
    assert moved["state"] == "processing" and moved["status_code"] == 4

    receipt = (await client.get(f"/v1/payments/{payment['id']}/receipt", headers=citizen)).json()
    assert re.fullmatch(r"BL-\d{4}-000\.00\.02\.H22-\d{6}", receipt["number"])
    assert receipt["amount"] == 200_000 and receipt["dossier_code"] == dossier["code"]
    assert receipt["payer"]["name"] == "Nguyễn Văn An"
    assert receipt["fee_lines"][0]["amount"] == 200_000
    assert receipt["issued_at"].endswith("+07:00")
    [succeeded] = await published("payment.succeeded")
    assert succeeded["payment_id"] == payment["id"] and succeeded["dossier_code"] == dossier["code"]
    assert len(await published("payment.pending")) == 1
