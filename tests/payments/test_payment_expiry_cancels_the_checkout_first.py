"""An expired attempt is closed at the platform first, so the citizen cannot pay a checkout we
already consider closed; if the platform refuses (paid meanwhile), the attempt stays open."""

from __future__ import annotations

import datetime as dt

from models.payments import PaymentAttempt
from payments import reconcile
from tests.payment_support import (
    dossier_awaiting_payment,
    fakepay_fixture,  # noqa: F401 - the `fakepay` fixture
    start,
)


async def _expired_attempt(client):
    citizen, dossier = await dossier_awaiting_payment(client)
    payment = (await start(client, citizen, dossier["id"])).json()
    past = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
    await PaymentAttempt.update({PaymentAttempt.expires_at: past}).where(
        PaymentAttempt.id == payment["id"])
    return citizen, payment


async def test_expiry_cancels_the_platform_checkout(client, fakepay):
    citizen, payment = await _expired_attempt(client)
    assert await reconcile.expire_stale() == 1
    assert fakepay.cancelled == [payment["id"]]
    shown = await client.get(f"/v1/payments/{payment['id']}", headers=citizen)
    assert shown.json()["state"] == "expired"


async def test_a_platform_that_refuses_to_cancel_keeps_the_attempt_open(client, fakepay):
    async def refuse(attempt):
        raise RuntimeError("already paid at the platform")

    fakepay.cancel = refuse
    citizen, payment = await _expired_attempt(client)
    assert await reconcile.expire_stale() == 0
    shown = await client.get(f"/v1/payments/{payment['id']}", headers=citizen)
    assert shown.json()["state"] == "pending"
