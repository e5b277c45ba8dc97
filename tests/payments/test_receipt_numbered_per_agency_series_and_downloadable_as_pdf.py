"""Each paid dossier gets an electronic receipt (biên lai điện tử) numbered within its agency's
series for the year — 1, 2, … per agency, whatever other agencies issue — carrying the payer,
the agency, the fee lines with their legal basis, the amount, the date and the payment
references; it downloads as a PDF with the Vietnamese text intact, and shows refunds."""

from __future__ import annotations

import io

from pyhanko.pdf_utils.reader import PdfFileReader

from tests.bank_notice_support import notice_body, signed_headers
from tests.payment_support import dossier_awaiting_payment, start


async def paid(client):
    citizen, dossier = await dossier_awaiting_payment(client)
    payment = (await start(client, citizen, dossier["id"], "bank_transfer")).json()
    body = notice_body(payment["checkout"]["content"], payment["amount"],
                       transaction_id=f"FT{payment['reference']}")
    answer = await client.post("/v1/callbacks/payments/bank_transfer", content=body,
                               headers=signed_headers(body))
    assert answer.status_code == 200
    return citizen, payment


async def test_receipts_numbered_in_the_agency_series(client):
    receipts = []
    for _ in range(3):
        citizen, payment = await paid(client)
        answer = await client.get(f"/v1/payments/{payment['id']}/receipt", headers=citizen)
        receipts.append(answer.json())
    series = receipts[0]["series"]
    assert series.startswith("BL-2026-000.00.02.H22") or series.startswith("BL-2027-")
    assert [r["sequence"] for r in receipts] == [1, 2, 3]
    assert {r["series"] for r in receipts} == {series}
    first = receipts[0]
    assert first["payer"]["name"] and first["agency"]["name_vi"] == "Công an thành phố Hà Nội"
    assert first["fee_lines"][0]["legal_basis_vi"].startswith("Thông tư 244/2016/TT-BTC")
    assert "FT" in first["payment_reference"]  # the bank's own transaction id beside ours
    assert first["refunds"] == []


async def test_receipt_pdf_carries_the_receipt_in_vietnamese(client):
    citizen, payment = await paid(client)
    receipt = (await client.get(f"/v1/payments/{payment['id']}/receipt",
                                headers=citizen)).json()
    answer = await client.get(f"/v1/payments/{payment['id']}/receipt/pdf", headers=citizen)
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "application/pdf"
    pdf = PdfFileReader(io.BytesIO(answer.content))
    assert pdf.trailer["/Info"]["/Title"] == f"Biên lai {receipt['number']}"
    page = pdf.root["/Pages"]["/Kids"][0]
    fonts = [f.get_object()["/BaseFont"] for f in page["/Resources"]["/Font"].values()]
    assert any("DejaVuSans" in str(name) for name in fonts)  # Vietnamese glyphs embedded


async def test_no_receipt_before_payment_and_none_for_others(client):
    citizen, dossier = await dossier_awaiting_payment(client)
    payment = (await start(client, citizen, dossier["id"], "vietqr")).json()
    early = await client.get(f"/v1/payments/{payment['id']}/receipt/pdf", headers=citizen)
    assert early.status_code == 404
    other, paid_payment = await paid(client)
    stranger = await client.get(f"/v1/payments/{paid_payment['id']}/receipt/pdf",
                                headers=citizen)
    assert stranger.status_code == 404
