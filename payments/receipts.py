"""Biên lai điện tử: one receipt per succeeded payment (mandatory from 1 Jan 2027, Decree
254/2026 Art. 44(2)), in the agency's series for the year — ký hiệu `BL-<year>-<unit code>`,
numbered 1, 2, … within it — with what a receipt carries: payer, agency, the fee lines with
their legal basis, amounts, the date, our payment reference and the bank's or platform's.
Refunds are shown in their real state. The PDF is payments/receipt_pdf.py."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from core import clock
from core.changes import announce
from models.catalogue import Agency
from models.dossiers import Dossier
from models.payments import PaymentReceipt, ReceiptSeries, RefundOrder
from payments.attempts import AttemptRow, loaded, shown_lines

VIETNAM = dt.timezone(dt.timedelta(hours=7))


def series_of(unit_code: str, issued_at: dt.datetime) -> str:
    return f"BL-{issued_at.astimezone(VIETNAM).year}-{unit_code}"


async def next_number(series: str) -> int:
    """The series' next number, taken by one upsert: concurrent receipts never share one."""
    rows = await ReceiptSeries.raw(
        "INSERT INTO receipt_series (series, last) VALUES ({}, 1) "
        "ON CONFLICT (series) DO UPDATE SET last = receipt_series.last + 1 RETURNING last",
        series)
    return int(rows[0]["last"])


async def issue(attempt: AttemptRow) -> dict[str, Any]:
    """Write the receipt inside the settling transaction."""
    existing = await PaymentReceipt.select().where(PaymentReceipt.attempt == attempt["id"]).first()
    if existing is not None:
        return existing
    dossier = await Dossier.select(
        Dossier.id, Dossier.applicant.full_name.as_alias("payer"),
        Dossier.agency.unit_code.as_alias("unit_code"),
        Dossier.agency.name_vi.as_alias("agency_name"),
    ).where(Dossier.id == attempt["dossier"]).first()
    assert dossier is not None  # the attempt's dossier: a foreign key
    # The attempt's own lines: the fee lines quoted at submission and any extra charge (postage).
    lines = shown_lines(loaded(attempt["lines"]) or [])
    issued_at = attempt["settled_at"] or clock.now()
    series = series_of(dossier["unit_code"], issued_at)
    sequence = await next_number(series)
    references = [attempt["reference"], attempt["provider_ref"] or ""]
    inserted = await PaymentReceipt.insert(PaymentReceipt(
        number=f"{series}-{sequence:06d}", series=series, sequence=sequence,
        attempt=attempt["id"], dossier=dossier["id"],
        agency_unit_code=dossier["unit_code"], agency_name=dossier["agency_name"] or "",
        payer_name=dossier["payer"] or "",
        fee_lines=json.dumps(lines, ensure_ascii=False),
        amount=attempt["amount"], method=attempt["method"], issued_at=issued_at,
        payment_reference=" / ".join(ref for ref in references if ref)[:100],
    )).returning(PaymentReceipt.id)
    await announce("dossier", dossier["id"])  # its detail links the receipt
    receipt = await PaymentReceipt.select().where(PaymentReceipt.id == inserted[0]["id"]).first()
    assert receipt is not None  # inserted above
    return receipt


async def of_attempt(attempt: AttemptRow) -> dict[str, Any] | None:
    """The receipt as the citizen reads it, or None before the payment succeeded."""
    receipt = await PaymentReceipt.select(
        *PaymentReceipt.all_columns(),
        PaymentReceipt.dossier.code.as_alias("dossier_code"),
    ).where(PaymentReceipt.attempt == attempt["id"]).first()
    if receipt is None:
        return None
    agency = await Agency.select(Agency.name_vi, Agency.name_en, Agency.unit_code).where(
        Agency.unit_code == receipt["agency_unit_code"]).first()
    assert agency is not None  # the agency that issued it
    return {
        "number": receipt["number"], "series": receipt["series"] or None,
        "sequence": receipt["sequence"], "payment_id": str(attempt["id"]),
        "payment_reference": receipt["payment_reference"] or attempt["reference"],
        "payer": {"name": receipt["payer_name"]},
        "agency": {"unit_code": agency["unit_code"], "name_vi": agency["name_vi"],
                   "name_en": agency["name_en"]},
        "dossier_code": receipt["dossier_code"],
        "fee_lines": loaded(receipt["fee_lines"]), "amount": receipt["amount"],
        "currency": "VND", "method": receipt["method"],
        "issued_at": receipt["issued_at"].astimezone(VIETNAM).isoformat(),
        "refunded": attempt["state"] == "refunded",
        "refunds": await refunds_of(attempt["id"]),
        "links": {"pdf": f"/v1/payments/{attempt['id']}/receipt/pdf"},
    }


async def refunds_of(attempt_id: Any) -> list[dict[str, Any]]:
    """The attempt's refund orders as the receipt shows them: their real state only."""
    rows = await RefundOrder.select(
        RefundOrder.id, RefundOrder.amount, RefundOrder.status, RefundOrder.covers,
        RefundOrder.completed_at,
    ).where(RefundOrder.attempt == attempt_id).order_by(RefundOrder.id)
    return [{"id": row["id"], "amount": row["amount"], "status": row["status"],
             "covers": row["covers"],
             "completed_at": row["completed_at"].astimezone(VIETNAM).isoformat()
             if row["completed_at"] else None} for row in rows]
