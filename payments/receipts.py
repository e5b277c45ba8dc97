"""Biên lai điện tử: one receipt per succeeded payment, numbered BL-<year>-<agency>-<sequence>."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

from core.changes import announce
from models.catalogue import Agency
from models.dossiers import Dossier
from models.payments import PaymentReceipt
from payments.attempts import loaded, shown_lines

VIETNAM = dt.timezone(dt.timedelta(hours=7))


async def issue(attempt: dict[str, Any]) -> dict[str, Any]:
    """Write the receipt inside the settling transaction. The sequence is the row's own serial
    id, so concurrent receipts of one agency can never draw the same number."""
    existing = await PaymentReceipt.select().where(PaymentReceipt.attempt == attempt["id"]).first()
    if existing is not None:
        return existing
    dossier = await Dossier.select(
        Dossier.id, Dossier.applicant.full_name.as_alias("payer"),
        Dossier.agency.unit_code.as_alias("unit_code"),
    ).where(Dossier.id == attempt["dossier"]).first()
    # The attempt's own lines: the fee lines quoted at submission and any extra charge (postage).
    lines = shown_lines(loaded(attempt["lines"]) or [])
    issued_at = attempt["settled_at"] or dt.datetime.now(dt.UTC)
    inserted = await PaymentReceipt.insert(PaymentReceipt(
        number=f"~{uuid.UUID(str(attempt['id'])).hex}",  # numbered below, from its id
        attempt=attempt["id"], dossier=dossier["id"],
        agency_unit_code=dossier["unit_code"], payer_name=dossier["payer"] or "",
        fee_lines=json.dumps(lines, ensure_ascii=False),
        amount=attempt["amount"], method=attempt["method"], issued_at=issued_at,
    )).returning(PaymentReceipt.id)
    receipt_id = inserted[0]["id"]
    year = issued_at.astimezone(VIETNAM).year
    await PaymentReceipt.update({
        PaymentReceipt.number: f"BL-{year}-{dossier['unit_code']}-{receipt_id:06d}",
    }).where(PaymentReceipt.id == receipt_id)
    await announce("dossier", dossier["id"])  # its detail links the receipt
    return await PaymentReceipt.select().where(PaymentReceipt.id == receipt_id).first()


async def of_attempt(attempt: dict[str, Any]) -> dict[str, Any] | None:
    """The receipt as the citizen reads it, or None before the payment succeeded."""
    receipt = await PaymentReceipt.select(
        *PaymentReceipt.all_columns(),
        PaymentReceipt.dossier.code.as_alias("dossier_code"),
    ).where(PaymentReceipt.attempt == attempt["id"]).first()
    if receipt is None:
        return None
    agency = await Agency.select(Agency.name_vi, Agency.name_en, Agency.unit_code).where(
        Agency.unit_code == receipt["agency_unit_code"]).first()
    return {
        "number": receipt["number"], "payment_id": str(attempt["id"]),
        "payer": {"name": receipt["payer_name"]},
        "agency": {"unit_code": agency["unit_code"], "name_vi": agency["name_vi"],
                   "name_en": agency["name_en"]},
        "dossier_code": receipt["dossier_code"],
        "fee_lines": loaded(receipt["fee_lines"]), "amount": receipt["amount"],
        "currency": "VND", "method": receipt["method"],
        "issued_at": receipt["issued_at"].astimezone(VIETNAM).isoformat(),
        "refunded": attempt["state"] == "refunded",
    }


