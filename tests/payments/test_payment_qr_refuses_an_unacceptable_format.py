"""The QR comes as PNG, SVG or text: asking for a PDF gets 406 problem+json, not a PNG."""

from __future__ import annotations

from tests.payment_support import dossier_awaiting_payment, start


async def test_qr_asked_as_pdf_is_406(client):
    citizen, dossier = await dossier_awaiting_payment(client)
    payment = (await start(client, citizen, dossier["id"], "vietqr")).json()
    url = f"/v1/payments/{payment['id']}/qr"
    refused = await client.get(url, headers={**citizen, "Accept": "application/pdf"})
    assert refused.status_code == 406
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert refused.json()["type"].endswith("/not-acceptable")
    # No Accept, or a wildcard, still gets the PNG.
    for accept in (None, "*/*", "image/*", "application/pdf, image/png;q=0.5"):
        headers = {**citizen, **({"Accept": accept} if accept else {})}
        image = await client.get(url, headers=headers)
        assert image.status_code == 200 and image.headers["content-type"] == "image/png", accept
