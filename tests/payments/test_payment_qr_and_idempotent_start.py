"""The QR of a transfer-style payment as PNG, SVG or the raw string by `Accept`; a retried start
with the same Idempotency-Key replays the first answer."""

from __future__ import annotations

from models.payments import PaymentAttempt
from tests.payment_support import (
    dossier_awaiting_payment,
    fakepay_fixture,  # noqa: F401 - the `fakepay` fixture
    start,
)


async def test_qr_served_by_accept(client, fakepay):
    citizen, dossier = await dossier_awaiting_payment(client)
    payment = (await start(client, citizen, dossier["id"], method="vietqr")).json()
    assert payment["links"]["qr"] == f"/v1/payments/{payment['id']}/qr"
    url = payment["links"]["qr"]
    png = await client.get(url, headers=citizen)
    assert png.headers["content-type"] == "image/png"
    assert png.content.startswith(b"\x89PNG\r\n\x1a\n")
    svg = await client.get(url, headers={**citizen, "Accept": "image/svg+xml"})
    assert svg.headers["content-type"].startswith("image/svg+xml") and b"<svg" in svg.content
    raw = await client.get(url, headers={**citizen, "Accept": "text/plain"})
    purpose = fakepay.starts[0].purpose
    assert fakepay.starts[0].return_url == f"http://testserver{payment['links']['self']}"
    assert raw.text == f"FAKEQR|{purpose}|200000"
    assert purpose.startswith(payment["reference"]) and purpose.isascii() and len(purpose) <= 25


async def test_card_style_payment_has_no_qr(client, fakepay):
    citizen, dossier = await dossier_awaiting_payment(client)
    payment = (await start(client, citizen, dossier["id"])).json()
    assert "qr" not in payment["links"]
    missing = await client.get(f"/v1/payments/{payment['id']}/qr", headers=citizen)
    assert missing.status_code == 404
    assert missing.json()["type"].endswith("/payment-qr-not-available")


async def test_retried_start_with_the_same_key_replays(client, fakepay):
    citizen, dossier = await dossier_awaiting_payment(client)
    headers = {**citizen, "Idempotency-Key": "pay-once-1"}
    url = f"/v1/dossiers/{dossier['id']}/payments"
    first = await client.post(url, json={"method": "card"}, headers=headers)
    again = await client.post(url, json={"method": "card"}, headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.headers.get("idempotent-replayed") == "true"
    assert again.json() == first.json()
    other_body = await client.post(url, json={"method": "vietqr"}, headers=headers)
    assert other_body.status_code == 422
    assert await PaymentAttempt.count() == 1
