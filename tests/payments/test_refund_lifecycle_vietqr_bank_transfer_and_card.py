"""A paid dossier that ends without its result is refunded for real, and the citizen sees each
step as it is — never "refunded" before it is. VietQR and bank-transfer money: the refund is
ordered, the citizen gives an account in the app, the agency's accountant sends the transfer
with the bank's reference, then reconciles it (refunded) or records it failed (the citizen gives
another account and it is ordered again). Card money goes back through the platform
(localstripe). A withdrawal after processing started keeps the fee, and says why."""

from __future__ import annotations

import asyncio
import logging

import pytest

from core.settings import Settings
from models.audit import AuditEvent
from tests.bank_notice_support import notice_body, signed_headers
from tests.card_support import card_settings
from tests.dossier_factories import JUDICIAL, officer_headers
from tests.dossier_factories import act as officer_act
from tests.localstripe_support import localstripe_server  # noqa: F401
from tests.payment_support import dossier_awaiting_payment, dossier_state, start
from tests.refund_support import REFUNDED_VI, accountant_headers, act, citizen_view, run_jobs

ACCOUNT = {"bank_bin": "970436", "account_number": "0011004567890",
           "account_name": "Nguyen Van An"}


async def paid_by_bank(client, method: str):
    citizen, dossier = await dossier_awaiting_payment(client)
    payment = (await start(client, citizen, dossier["id"], method)).json()
    body = notice_body(payment["checkout"]["content"], payment["amount"])
    settled = await client.post("/v1/callbacks/payments/bank_transfer", content=body,
                                headers=signed_headers(body))
    assert settled.status_code == 200
    assert (await dossier_state(client, citizen, dossier["id"]))["state"] == "processing"
    return citizen, dossier, payment


async def stopped(app, client, dossier):
    officer = await officer_headers(client, JUDICIAL)
    answer = await officer_act(client, officer, dossier["id"], "stop",
                               reason="Cơ quan dừng xử lý theo đề nghị")
    assert answer.status_code == 200, answer.text
    await run_jobs(app)


async def test_vietqr_refund_ordered_sent_and_reconciled(app, client, caplog):
    caplog.set_level(logging.INFO)  # LOG_LEVEL by default
    citizen, dossier, payment = await paid_by_bank(client, "vietqr")
    await stopped(app, client, dossier)

    view = await citizen_view(client, citizen, dossier["id"], payment["id"])
    [order] = view["refunds"]
    assert (order["status"], order["route"], order["amount"]) == ("ordered", "bank_transfer",
                                                                  200_000)
    assert order["needs_account"] and order["covers"] == "fee"
    assert view["payment_state"] == "succeeded" and view["receipt"]["refunds"][0]["status"] == \
        "ordered"
    assert "refund_ordered" in view["kinds"] and "refunded" not in view["kinds"]
    assert REFUNDED_VI not in view["texts"]

    accountant = await accountant_headers(client)
    queue = (await client.get("/v1/accountant/refunds/", headers=accountant)).json()["items"]
    assert [item["id"] for item in queue] == [order["id"]]
    too_early = await act(client, accountant, order["id"], "send", bank_reference="FT1")
    assert too_early.status_code == 409  # no account to send to yet

    given = await client.put(f"/v1/refunds/{order['id']}/account", json=ACCOUNT,
                             headers=citizen)
    assert given.status_code == 200, given.text
    assert given.json()["payee"] == {"bank_bin": "970436", "account_number": "•••• 7890",
                                     "account_name": "N••••• V•• A•"}
    full = (await client.get(f"/v1/accountant/refunds/{order['id']}/account",
                             headers=accountant)).json()
    assert full["account_number"] == "0011004567890" and full["amount"] == 200_000

    sent = await act(client, accountant, order["id"], "send", bank_reference="FT26341987654")
    assert sent.status_code == 200 and sent.json()["status"] == "sent"
    await run_jobs(app)
    view = await citizen_view(client, citizen, dossier["id"], payment["id"])
    assert view["refunds"][0]["status"] == "sent"
    assert view["refunds"][0]["bank_reference"] == "FT26341987654"
    assert "refund_sent" in view["kinds"] and "refunded" not in view["kinds"]
    assert view["payment_state"] == "succeeded" and REFUNDED_VI not in view["texts"]

    confirmed = await act(client, accountant, order["id"], "confirm")
    assert confirmed.status_code == 200 and confirmed.json()["status"] == "refunded"
    again = await act(client, accountant, order["id"], "confirm")
    assert again.status_code == 409  # once
    await run_jobs(app)
    view = await citizen_view(client, citizen, dossier["id"], payment["id"])
    assert view["refunds"][0]["status"] == "refunded"
    assert view["kinds"].count("refunded") == 1 and view["payment_state"] == "refunded"
    assert view["receipt"]["refunds"][0]["status"] == "refunded"

    actions = {row["action"] for row in await AuditEvent.select(AuditEvent.action).where(
        AuditEvent.subject_type == "refund_order")}
    assert actions == {"refund.ordered", "refund.account_given", "refund.account_read",
                       "refund.send", "refund.confirm"}
    assert "0011004567890" not in caplog.text  # the account never reaches a log


async def test_bank_transfer_refund_that_fails_is_ordered_again_with_a_new_account(app, client):
    citizen, dossier, payment = await paid_by_bank(client, "bank_transfer")
    await stopped(app, client, dossier)
    [order] = (await citizen_view(client, citizen, dossier["id"], payment["id"]))["refunds"]
    accountant = await accountant_headers(client)
    await client.put(f"/v1/refunds/{order['id']}/account", json=ACCOUNT, headers=citizen)
    await act(client, accountant, order["id"], "send", bank_reference="FT0001")

    no_reason = await act(client, accountant, order["id"], "fail")
    assert no_reason.status_code == 422
    failed = await act(client, accountant, order["id"], "fail",
                       reason="Ngân hàng trả lại: tài khoản không tồn tại")
    assert failed.json()["status"] == "failed"
    await run_jobs(app)
    view = await citizen_view(client, citizen, dossier["id"], payment["id"])
    assert view["refunds"][0]["status"] == "failed" and view["refunds"][0]["needs_account"]
    assert "refund_failed" in view["kinds"] and REFUNDED_VI not in view["texts"]

    again = await client.put(f"/v1/refunds/{order['id']}/account",
                             json={**ACCOUNT, "account_number": "1903123456789"},
                             headers=citizen)
    assert again.json()["status"] == "ordered"
    await act(client, accountant, order["id"], "send", bank_reference="FT0002")
    done = await act(client, accountant, order["id"], "confirm")
    assert done.json()["status"] == "refunded"
    await run_jobs(app)
    view = await citizen_view(client, citizen, dossier["id"], payment["id"])
    assert view["refunds"][0]["status"] == "refunded" and view["payment_state"] == "refunded"


async def test_refunds_are_the_agency_accountants_only(app, client):
    citizen, dossier, payment = await paid_by_bank(client, "vietqr")
    await stopped(app, client, dossier)
    [order] = (await citizen_view(client, citizen, dossier["id"], payment["id"]))["refunds"]
    elsewhere = await accountant_headers(client, "DN.CT.001")
    assert (await client.get("/v1/accountant/refunds/", headers=elsewhere)).json()["items"] == []
    assert (await act(client, elsewhere, order["id"], "confirm")).status_code == 404
    officer = await officer_headers(client, JUDICIAL)
    assert (await client.get("/v1/accountant/refunds/", headers=officer)).status_code == 403
    assert (await client.get("/v1/accountant/refunds/", headers=citizen)).status_code == 403


async def test_withdrawal_after_processing_started_keeps_the_fee_and_says_why(app, client):
    citizen, dossier, payment = await paid_by_bank(client, "vietqr")
    withdrawn = await client.post(f"/v1/dossiers/{dossier['id']}/withdraw",
                                  json={"reason": "Không còn nhu cầu"}, headers=citizen)
    assert withdrawn.status_code == 200, withdrawn.text
    await run_jobs(app)
    view = await citizen_view(client, citizen, dossier["id"], payment["id"])
    [order] = view["refunds"]
    assert (order["status"], order["amount"]) == ("not_refundable", 200_000)
    assert "xử lý" in order["reason"] and not order["needs_account"]
    assert "refund_not_refundable" in view["kinds"] and view["payment_state"] == "succeeded"


class TestCard:
    @pytest.fixture
    def settings(self, database, tmp_path, localstripe) -> Settings:
        return Settings(database_url=database, data_dir=tmp_path,
                        public_base_url="http://testserver",
                        plugins=(card_settings(localstripe.base_url, localstripe.api_key),))

    async def test_card_refund_goes_back_through_the_platform(self, app, client, localstripe):
        from payments import reconcile

        citizen, dossier = await dossier_awaiting_payment(client)
        payment = (await start(client, citizen, dossier["id"], "card")).json()
        intent_id = payment["checkout"]["payment_intent"]
        await asyncio.to_thread(localstripe.pay, intent_id)
        import datetime as dt
        assert await reconcile.query_pending(older_than=dt.timedelta(0)) == 1
        await stopped(app, client, dossier)

        view = await citizen_view(client, citizen, dossier["id"], payment["id"])
        [order] = view["refunds"]
        assert (order["status"], order["route"], order["needs_account"]) == (
            "refunded", "platform", False)
        assert view["payment_state"] == "refunded" and "refunded" in view["kinds"]
        assert "refund_ordered" in view["kinds"]
        charge = localstripe.intent(intent_id)["latest_charge"]
        assert charge["amount_refunded"] == 200_000
        accountant = await accountant_headers(client)
        assert (await client.get("/v1/accountant/refunds/", headers=accountant)
                ).json()["items"] == []  # nothing for the accountant to send
