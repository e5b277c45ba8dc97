"""A dossier paid by card and then stopped is refunded through the card platform (localstripe):
the refund order is done with the platform's refund id, the payment reads `refunded`, and the
platform's charge is refunded in full — once, however often the job runs."""

from __future__ import annotations

import asyncio
import datetime as dt
import time

import pytest

from core.settings import Settings
from models.payments import PaymentAttempt, RefundOrder
from payments import reconcile, refunds
from tests.card_support import card_settings
from tests.dossier_factories import JUDICIAL, act, officer_headers
from tests.localstripe_support import localstripe_server  # noqa: F401
from tests.payment_support import dossier_awaiting_payment, start


@pytest.fixture
def settings(database, tmp_path, localstripe) -> Settings:
    return Settings(database_url=database, data_dir=tmp_path, public_base_url="http://testserver",
                    plugins=(card_settings(localstripe.base_url, localstripe.api_key),))


async def wait_for_refund(app, seconds: float = 15) -> dict:
    deadline = time.monotonic() + seconds
    while True:
        await app.state.jobs.drain_once()
        order = await RefundOrder.select().first()
        if (order and order["status"] == "refunded") or time.monotonic() > deadline:
            return order
        await asyncio.sleep(0.2)


async def test_a_stopped_card_paid_dossier_is_refunded_by_the_platform(app, client, localstripe):
    citizen, dossier = await dossier_awaiting_payment(client)
    payment = (await start(client, citizen, dossier["id"], "card")).json()
    intent_id = payment["checkout"]["payment_intent"]
    await asyncio.to_thread(localstripe.pay, intent_id)
    assert await reconcile.query_pending(older_than=dt.timedelta(0)) == 1  # paid, via a query

    officer = await officer_headers(client, JUDICIAL)
    stopped = await act(client, officer, dossier["id"], "stop", reason="Người yêu cầu đề nghị dừng")
    assert stopped.status_code == 200, stopped.text

    order = await wait_for_refund(app)
    assert order is not None and order["status"] == "refunded"
    assert order["amount"] == 200_000 and order["provider_ref"].startswith("re_")
    shown = (await client.get(f"/v1/payments/{payment['id']}", headers=citizen)).json()
    assert shown["state"] == "refunded"
    charge = localstripe.intent(intent_id)["latest_charge"]
    assert charge["refunded"] is True and charge["amount_refunded"] == 200_000

    # Asked again (a retried job): no second refund at the platform.
    attempt = await PaymentAttempt.select().where(PaymentAttempt.id == payment["id"]).first()
    again = await refunds.order_for(attempt, {"id": attempt["dossier"], "agency": None},
                                    order["outcome"], {"fee": True, "postage": "all"})
    assert [o["id"] for o in again] == [order["id"]]
    await refunds.execute(again[0])  # asked again at the platform: refunded once
    assert localstripe.intent(intent_id)["latest_charge"]["amount_refunded"] == 200_000
