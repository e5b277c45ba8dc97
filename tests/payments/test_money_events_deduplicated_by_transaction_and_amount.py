"""Money news is deduplicated by the sender's own transaction id and amount as well as by message
id: a bank credit resent under a new `webhook-id` settles once and opens no second review item;
a national-platform notice with the wrong amount followed by the corrected notice for the same
transaction settles the payment, and the review item the wrong one opened is closed."""

from __future__ import annotations

import dataclasses

import pytest

from models.audit import AuditEvent
from models.payments import PaymentNotice, PaymentReceipt, PaymentReview
from payments.providers.national import NationalPaySettings
from tests.bank_notice_support import notice_body, signed_headers
from tests.payment_support import dossier_awaiting_payment, dossier_state, start
from tests.payments.test_national_payment_platform import PARTNER, SECRET, FakePlatform
from tests.payments.test_national_payment_settles_dossier import (
    confirm_of,
    post_confirm,
    started_payment,
)

NOTICES = "/v1/callbacks/payments/bank_transfer"


async def _credit(client, body: bytes, message_id: str):
    return await client.post(NOTICES, content=body,
                             headers=signed_headers(body, message_id=message_id))


async def test_same_bank_transaction_under_two_message_ids_settles_once(client):
    citizen, dossier = await dossier_awaiting_payment(client)
    payment = (await start(client, citizen, dossier["id"], "vietqr")).json()
    body = notice_body(payment["checkout"]["content"], payment["amount"],
                       transaction_id="FT26341000777")

    first = await _credit(client, body, "msg_notifier_1")
    again = await _credit(client, body, "msg_notifier_2")  # the notifier's retry, new id

    assert first.status_code == again.status_code == 200
    assert await PaymentReceipt.count() == 1
    assert await PaymentReview.count() == 0
    assert await PaymentNotice.count() == 1
    assert (await dossier_state(client, citizen, dossier["id"]))["state"] == "processing"


async def test_unmatched_bank_transaction_resent_opens_one_review_item(client):
    body = notice_body("UNG HO QUY VAC XIN", 50_000, transaction_id="FT26341000888")

    for message_id in ("msg_a", "msg_b", "msg_c"):
        assert (await _credit(client, body, message_id)).status_code == 200

    assert await PaymentReview.count() == 1


async def test_another_amount_under_the_same_transaction_id_is_news(client):
    body = notice_body("UNG HO QUY VAC XIN", 50_000, transaction_id="FT26341000999")
    other = notice_body("UNG HO QUY VAC XIN", 60_000, transaction_id="FT26341000999")

    await _credit(client, body, "msg_1")
    await _credit(client, other, "msg_2")

    assert await PaymentReview.count() == 2  # nothing is dropped silently


class TestNationalPlatform:
    @pytest.fixture
    def platform(self):
        with FakePlatform() as fake:
            yield fake

    @pytest.fixture
    def settings(self, settings, platform):
        return dataclasses.replace(settings, plugins=(NationalPaySettings(
            url=platform.url, partner_code=PARTNER, secret=SECRET),))

    async def test_wrong_amount_notice_then_the_right_one_settles(self, client, platform):
        citizen, dossier, payment = await started_payment(client, platform)
        wrong = confirm_of({**payment, "amount": payment["amount"] - 1_000})

        assert (await post_confirm(client, wrong)).json()["MaLoi"] == "00"
        [item] = await PaymentReview.select()
        assert (item["reason"], item["status"]) == ("underpaid", "open")

        right = await post_confirm(client, confirm_of(payment))
        assert right.json()["MaLoi"] == "00"

        shown = await client.get(f"/v1/payments/{payment['id']}", headers=citizen)
        assert shown.json()["state"] == "succeeded"
        assert (await dossier_state(client, citizen, dossier["id"]))["state"] == "processing"
        [item] = await PaymentReview.select()
        assert (item["status"], item["resolution"]) == ("resolved", "superseded")
        assert await AuditEvent.count().where(
            AuditEvent.action == "payment.review_superseded") == 1
        # The corrected notice delivered again is a duplicate: still one receipt.
        await post_confirm(client, confirm_of(payment))
        assert await PaymentReceipt.count() == 1
