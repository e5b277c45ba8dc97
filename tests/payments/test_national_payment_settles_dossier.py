"""Through the app: paying by the national platform opens a transaction there (signed INIT), and
its signed CONFIRM at POST /v1/callbacks/payments/national settles the dossier once, answered
the way the platform expects; a forged CONFIRM is answered with an error code and changes
nothing; a transaction whose CONFIRM never came is settled by reconciliation's QUERY."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest

from models.payments import PaymentNotice
from payments.national import protocol as p
from payments.providers.national import NationalPaySettings
from tests.payment_support import dossier_awaiting_payment, dossier_state, start
from tests.payments.test_national_payment_platform import PARTNER, SECRET, FakePlatform


@pytest.fixture
def platform():
    with FakePlatform() as fake:
        yield fake


@pytest.fixture
def settings(settings, platform):
    return dataclasses.replace(settings, plugins=(NationalPaySettings(
        url=platform.url, partner_code=PARTNER, secret=SECRET),))


def confirm_of(payment: dict, code: str = "00", secret: str = SECRET) -> dict:
    return p.signed(secret, "confirm", {
        "MaDoiTac": PARTNER, "MaThamChieu": payment["reference"],
        "MaGiaoDich": payment["txn"], "SoTien": payment["amount"], "MaLoi": code,
        "MoTaLoi": "Giao dich thanh cong", "ThoiGianGD": p.vn_time(), "ThoiGianGui": p.vn_time(),
    })


async def started_payment(client, platform) -> tuple[dict, dict, dict]:
    citizen, dossier = await dossier_awaiting_payment(client)
    answer = await start(client, citizen, dossier["id"], "national")
    assert answer.status_code == 201, answer.text
    payment = answer.json()
    payment["txn"] = payment["checkout"]["payment_url"].rsplit("/", 1)[1]
    assert platform.received[-1]["MaThamChieu"] == payment["reference"]
    return citizen, dossier, payment


async def post_confirm(client, body: dict):
    return await client.post("/v1/callbacks/payments/national", content=json.dumps(body),
                             headers={"content-type": "application/json"})


async def test_confirm_00_settles_the_dossier_once_and_answers_00(client, platform):
    citizen, dossier, payment = await started_payment(client, platform)
    body = confirm_of(payment)

    answers = [await post_confirm(client, body) for _ in range(3)]  # the platform retries

    assert all(a.status_code == 200 and a.json()["MaLoi"] == "00" for a in answers)
    shown = await client.get(f"/v1/payments/{payment['id']}", headers=citizen)
    assert shown.json()["state"] == "succeeded"
    assert (await dossier_state(client, citizen, dossier["id"]))["state"] == "processing"
    assert await PaymentNotice.count().where(PaymentNotice.provider == "national") == 1


async def test_forged_confirm_is_answered_97_and_changes_nothing(client, platform):
    citizen, dossier, payment = await started_payment(client, platform)

    answer = await post_confirm(client, confirm_of(payment, secret="guessed"))

    assert answer.status_code == 200 and answer.json()["MaLoi"] == p.ANSWER_BAD_CHECKSUM
    assert await PaymentNotice.count() == 0
    shown = await client.get(f"/v1/payments/{payment['id']}", headers=citizen)
    assert shown.json()["state"] == "pending"
    assert (await dossier_state(client, citizen, dossier["id"]))["state"] == "payment_requested"


async def test_a_failed_confirm_after_the_paid_one_does_not_undo_it(client, platform):
    citizen, dossier, payment = await started_payment(client, platform)
    await post_confirm(client, confirm_of(payment, "00"))

    late = await post_confirm(client, confirm_of(payment, "24"))

    assert late.json()["MaLoi"] == "00"  # recorded; the platform may stop retrying
    shown = await client.get(f"/v1/payments/{payment['id']}", headers=citizen)
    assert shown.json()["state"] == "succeeded"
    assert (await dossier_state(client, citizen, dossier["id"]))["state"] == "processing"


async def test_reconciliation_query_settles_a_payment_whose_confirm_never_came(client, platform):
    from payments import reconcile

    citizen, dossier, payment = await started_payment(client, platform)
    platform.states[payment["txn"]] = ("DA_THANH_TOAN", payment["amount"])

    await reconcile.query_pending(older_than=dt.timedelta(0))

    assert platform.received[-1]["MaGiaoDich"] == payment["txn"]  # it asked the platform
    shown = await client.get(f"/v1/payments/{payment['id']}", headers=citizen)
    assert shown.json()["state"] == "succeeded"
    assert (await dossier_state(client, citizen, dossier["id"]))["state"] == "processing"
