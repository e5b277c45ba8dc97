"""An officer corrects the applicant category at intake: the fee is quoted again (same moment,
form and identity level as at submission), and the difference is asked, charged or refunded —
unpaid, the new fee is what is asked; paid too much, the difference is a refund order; paid too
little, the difference is payable on its own."""

from __future__ import annotations

from tests.bank_notice_support import notice_body, signed_headers
from tests.dossier_factories import JUDICIAL, act, attach, citizen_headers, draft, officer_headers
from tests.refund_support import citizen_view, run_jobs


async def submitted(client, citizen, category: str | None):
    body = await draft(client, citizen, JUDICIAL)
    if category:
        await attach(client, citizen, body["id"], "the_sinh_vien")
    answer = await client.post(f"/v1/dossiers/{body['id']}/submit",
                               json={"applicant_category": category} if category else {},
                               headers=citizen)
    assert answer.status_code == 200, answer.text
    return answer.json()


async def pay_by_transfer(client, citizen, dossier_id):
    payment = (await client.post(f"/v1/dossiers/{dossier_id}/payments",
                                 json={"method": "bank_transfer"}, headers=citizen)).json()
    body = notice_body(payment["checkout"]["content"], payment["amount"])
    settled = await client.post("/v1/callbacks/payments/bank_transfer", content=body,
                                headers=signed_headers(body))
    assert settled.status_code == 200
    return payment


async def test_unpaid_dossier_is_asked_the_corrected_fee(client):
    citizen = await citizen_headers(client)
    dossier = await submitted(client, citizen, "student")
    assert dossier["fee_due"] == 100_000
    officer = await officer_headers(client, JUDICIAL)
    received = await act(client, officer, dossier["id"], "receive", applicant_category="")
    assert received.status_code == 200, received.text
    shown = (await client.get(f"/v1/dossiers/{dossier['id']}", headers=citizen)).json()
    assert shown["fee_total"] == 200_000 and shown["applicant_category"] is None
    await act(client, officer, dossier["id"], "request_payment")
    payment = (await client.post(f"/v1/dossiers/{dossier['id']}/payments",
                                 json={"method": "vietqr"}, headers=citizen)).json()
    assert payment["amount"] == 200_000


async def test_paid_too_much_orders_the_difference_refunded(app, client):
    citizen = await citizen_headers(client)
    dossier = await submitted(client, citizen, None)
    payment = await pay_by_transfer(client, citizen, dossier["id"])
    officer = await officer_headers(client, JUDICIAL)
    received = await act(client, officer, dossier["id"], "receive",
                         applicant_category="student")
    assert received.status_code == 200, received.text
    await run_jobs(app)
    view = await citizen_view(client, citizen, dossier["id"], payment["id"])
    [order] = view["refunds"]
    assert (order["amount"], order["covers"], order["status"]) == (100_000, "difference",
                                                                  "ordered")
    assert order["outcome"] == "category_corrected" and order["needs_account"]


async def test_paid_too_little_makes_the_difference_payable(app, client):
    citizen = await citizen_headers(client)
    dossier = await submitted(client, citizen, "student")
    await pay_by_transfer(client, citizen, dossier["id"])
    officer = await officer_headers(client, JUDICIAL)
    bad = await act(client, officer, dossier["id"], "receive", applicant_category="pilot")
    assert bad.status_code == 422
    received = await act(client, officer, dossier["id"], "receive", applicant_category="")
    assert received.status_code == 200, received.text
    await run_jobs(app)
    extra = (await client.post(f"/v1/dossiers/{dossier['id']}/payments",
                               json={"method": "vietqr"}, headers=citizen)).json()
    assert (extra["amount"], extra["purpose"]) == (100_000, "difference")
    await pay_by_transfer(client, citizen, dossier["id"])  # settles the open difference
    again = await client.post(f"/v1/dossiers/{dossier['id']}/payments",
                              json={"method": "vietqr"}, headers=citizen)
    assert again.status_code == 409  # nothing more is owed
