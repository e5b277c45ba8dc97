"""GET /v1/dossiers/{id}/payments: the dossier's payment attempts, newest first, each with its
receipt once paid and its refunds in their real state — the applicant's own dossier only (404 to
anyone else, as every dossier path)."""

from __future__ import annotations

from tests.auth_helpers import sign_in
from tests.bank_notice_support import notice_body, signed_headers
from tests.dossier_factories import JUDICIAL, act, officer_headers
from tests.payment_support import dossier_awaiting_payment, start
from tests.refund_support import run_jobs

NOTICES = "/v1/callbacks/payments/bank_transfer"


async def test_attempts_with_receipt_and_refund(client):
    citizen, dossier = await dossier_awaiting_payment(client)
    url = f"/v1/dossiers/{dossier['id']}/payments"
    assert (await client.get(url, headers=citizen)).json() == {"items": [], "next_cursor": None}

    qr = (await start(client, citizen, dossier["id"], "vietqr")).json()
    # Another method while one is open: the open one is cancelled first, and stays listed.
    transfer = (await start(client, citizen, dossier["id"], "bank_transfer")).json()
    body = notice_body(transfer["checkout"]["content"], 200_000)
    assert (await client.post(NOTICES, content=body,
                              headers=signed_headers(body))).status_code == 200

    officer = await officer_headers(client, JUDICIAL)
    stopped = await act(client, officer, dossier["id"], "stop", reason="Cơ quan dừng xử lý")
    assert stopped.status_code == 200, stopped.text
    # The refund job, whichever runner takes it: a bank transfer is refunded by an order to the
    # agency's accountant.
    await run_jobs(client._transport.app)  # type: ignore[attr-defined]

    listed = await client.get(url, headers=citizen)
    page = listed.json()
    cached = await client.get(url, headers={**citizen, "If-None-Match": listed.headers["etag"]})
    assert cached.status_code == 304  # a list page like the others
    assert page["next_cursor"] is None
    paid = next(item for item in page["items"] if item["id"] == transfer["id"])
    assert paid["state"] in ("succeeded", "refunded") and paid["amount"] == 200_000
    receipt = (await client.get(f"/v1/payments/{paid['id']}/receipt", headers=citizen)).json()
    assert paid["receipt"] == {"number": receipt["number"], "amount": 200_000,
                               "issued_at": paid["receipt"]["issued_at"],
                               "href": f"/v1/payments/{paid['id']}/receipt"}
    [refund] = paid["refunds"]
    assert refund["amount"] == 200_000 and refund["state"] == "ordered"  # not a promise
    assert refund["completed_at"] is None
    ids = [item["id"] for item in page["items"]]
    assert ids == [transfer["id"], qr["id"]]  # newest first
    first_try = page["items"][1]
    assert first_try["state"] == "cancelled" and first_try["receipt"] is None
    assert "receipt" not in first_try["links"] and first_try["refunds"] == []

    # Paged like every list.
    first = (await client.get(url, params={"limit": 1}, headers=citizen)).json()
    rest = (await client.get(url, params={"limit": 1, "cursor": first["next_cursor"]},
                             headers=citizen)).json()
    assert [first["items"][0]["id"], rest["items"][0]["id"]] == ids
    assert rest["next_cursor"] is None


async def test_someone_elses_dossier_is_not_found(client):
    citizen, dossier = await dossier_awaiting_payment(client)
    stranger = await sign_in(client)
    answer = await client.get(f"/v1/dossiers/{dossier['id']}/payments", headers=stranger)
    assert answer.status_code == 404
    assert answer.headers["content-type"].startswith("application/problem+json")
    anonymous = await client.get(f"/v1/dossiers/{dossier['id']}/payments")
    assert anonymous.status_code == 401
