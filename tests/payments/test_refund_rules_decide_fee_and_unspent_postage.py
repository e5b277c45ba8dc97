"""Which outcome refunds what, per the service's rule table (defaults: refused or stopped → fee
and postage; withdrawn after processing started → only the postage not yet spent). A payment of
fee + postage is split so the citizen sees what comes back and what does not, and why."""

from __future__ import annotations

from models.catalogue import Service
from tests.dossier_factories import JUDICIAL, officer_headers
from tests.dossier_factories import act as officer_act
from tests.payment_support import (
    callback,
    dossier_awaiting_payment,
    fakepay_fixture,  # noqa: F401 - the `fakepay` fixture
    paid,
    start,
)
from tests.postal_support import book
from tests.refund_support import run_jobs

FEE = 200_000


async def paid_with_postage(client, fakepay):
    fakepay.route = "bank_transfer"
    citizen, dossier = await dossier_awaiting_payment(client)
    booked = await book(client, citizen, dossier["id"], postage_payment="with_fee")
    payment = (await start(client, citizen, dossier["id"])).json()
    assert (await callback(client, paid(payment))).status_code == 200
    return citizen, dossier, booked["postage"]["amount"]


async def refunds(client, citizen, dossier_id):
    answer = await client.get(f"/v1/dossiers/{dossier_id}/refunds", headers=citizen)
    return sorted((o["covers"], o["amount"], o["status"]) for o in answer.json()["items"])


async def test_withdrawal_after_processing_refunds_only_the_unspent_postage(app, client,
                                                                            fakepay):
    citizen, dossier, postage = await paid_with_postage(client, fakepay)
    answer = await client.post(f"/v1/dossiers/{dossier['id']}/withdraw", json={},
                               headers=citizen)
    assert answer.status_code == 200, answer.text
    await run_jobs(app)
    assert await refunds(client, citizen, dossier["id"]) == [
        ("fee", FEE, "not_refundable"), ("postage", postage, "ordered")]


async def test_stop_refunds_fee_and_postage_in_one_order(app, client, fakepay):
    citizen, dossier, postage = await paid_with_postage(client, fakepay)
    officer = await officer_headers(client, JUDICIAL)
    stopped = await officer_act(client, officer, dossier["id"], "stop", reason="Dừng")
    assert stopped.status_code == 200
    await run_jobs(app)
    assert await refunds(client, citizen, dossier["id"]) == [
        ("fee+postage", FEE + postage, "ordered")]


async def test_a_service_rule_overrides_the_default(app, client, fakepay):
    citizen, dossier, postage = await paid_with_postage(client, fakepay)
    await Service.update({Service.refund_rules: {"stopped": {"fee": False, "postage": "all"}}}
                         ).where(Service.code == JUDICIAL)
    officer = await officer_headers(client, JUDICIAL)
    await officer_act(client, officer, dossier["id"], "stop", reason="Dừng")
    await run_jobs(app)
    assert await refunds(client, citizen, dossier["id"]) == [
        ("fee", FEE, "not_refundable"), ("postage", postage, "ordered")]
